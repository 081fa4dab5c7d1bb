"""Markup repair: the corrupted seed page, generated hard-wrapped pages, and bad input."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcwidth

import cleantext
from cleantext import Cleaner, Role, replay, webpage
from cleantext.markup import (
    decode_entities,
    looks_like_markup,
    read_markup,
    repair_markup,
    strip_tags,
)
from cleantext.trace import apply_edits, han_count

from .conftest import read_seed

SEED = read_seed("002")


def hard_wrap(text: str, width: int) -> str:
    """Cut every line of ``text`` at ``width`` display columns (a Han character is two)."""
    out: list[str] = []
    for line in text.split("\n"):
        cur: list[str] = []
        used = 0
        for ch in line:
            w = max(wcwidth(ch), 0)
            if used + w > width and cur:
                out.append("".join(cur))
                cur, used = [], 0
            cur.append(ch)
            used += w
        out.append("".join(cur))
    return "\n".join(out)


def check_invariant(text: str) -> str:
    blocks, edits = read_markup(text)
    out = "\n".join(b.text for b in blocks)
    assert apply_edits(text, edits) == out
    return out


# --- the seed page --------------------------------------------------------------------------


def test_seed_002_detected_and_plain_seeds_not() -> None:
    assert looks_like_markup(SEED)
    for prefix in ("000", "001", "003", "004"):
        assert not looks_like_markup(read_seed(prefix)), prefix


def test_seed_002_every_paragraph_kept() -> None:
    out = cleantext.clean(SEED)
    for snippet in (
        "点绿成金美丽重庆建设迈出新步伐",
        "深冬的重庆，天气渐寒",
        "石柱县桥头镇瓦屋村",  # dropped by every parser
        "瓦屋主题邮局",
        "涪陵区的大顺镇",
        "顺镇柏坪村",
        "赛力斯凤凰智能工厂",
        "而在焊接车间",
        "引进30辆",
        "达497个",
        "“双碳”",
        "热火朝天——机器轰鸣",
        "“1+N”试点格局",
        "社会经济持续回升向好定能积蓄澎湃的绿色动能。",
    ):
        assert snippet in out, snippet
    for residue in ("&", "style=", "px;", "<", ">", "ize:", "quo;", "3 0", "49 7"):
        assert residue not in out, residue


def test_seed_002_wraps_rejoined_without_spaces() -> None:
    out = cleantext.clean(SEED)
    assert "沙坪坝区" in out and "绿色发展中发挥" in out
    assert not regex.search(r"\p{Han} \p{Han}|\d \d", out)


def test_seed_002_caption_title_retention_and_trace() -> None:
    result = Cleaner().run(SEED, trace=True)
    assert result.retention >= 0.995
    assert replay(SEED, result.changes) == result.text
    caption = "重庆三峰环境集团股份有限公司。重庆市生态环境局供图"
    (block,) = [b for b in result.blocks if b.text == caption]
    assert block.role is Role.CAPTION and "caption" in block.hints
    assert "点绿成金美丽重庆建设迈出新步伐" in result.text.split("\n")


def test_seed_002_lacunae_reported_not_glued() -> None:
    blocks, edits = read_markup(SEED)
    texts = [b.text for b in blocks]
    # Both pieces of a gap stay apart, with a hint each.
    before = next(b for b in blocks if b.text.endswith("这里的生态致富密码就"))
    after = next(b for b in blocks if b.text.startswith("顺镇柏坪村"))
    assert "lacuna-after" in before.hints and "lacuna-before" in after.hints
    assert not any("密码就顺镇" in t for t in texts)
    assert any(t.startswith("？原来") for t in texts)
    # The title is a complete line, not a lacuna.
    title = next(b for b in blocks if b.text == "点绿成金美丽重庆建设迈出新步伐")
    assert "lacuna-after" not in title.hints
    reasons = {e.reason for e in edits}
    assert {"markup", "wrap", "entity", "tag-tail"} <= reasons
    assert any(r.startswith("lacuna: ") for r in reasons)
    n_lacunae = sum("lacuna-after" in b.hints for b in blocks)
    assert 8 <= n_lacunae <= 20


def test_seed_002_pipeline_and_cleaner_agree() -> None:
    assert Cleaner().run(SEED).text == cleantext.clean(SEED)


def test_strip_tags_is_a_fair_baseline() -> None:
    base = strip_tags(SEED)
    # A cut tag stays in the baseline (it holds no Han): better than swallowing what follows.
    assert "瓦屋村" in base and "“双碳”" in base and "</p>" not in base
    # The repair keeps at least as many Han characters as the baseline has, without markup.
    assert han_count(check_invariant(SEED)) >= 0.995 * han_count(base)


# --- generated pages --------------------------------------------------------------------------

_HAN = "重庆日报记者市委全会发展绿色沙坪坝区能源汽车渣土辆个年月国家经济生态环境"
_PUNCT = "，。、；：？！“”（）《》—…"
paragraphs = st.lists(
    st.lists(
        st.sampled_from([*_HAN, *_PUNCT, *"0123456789", "GDP", "5G", "%", "+"]),
        min_size=1,
        max_size=80,
    ).map("".join),
    min_size=1,
    max_size=6,
)
_ATTRS = [
    "",
    " style=margin: 20px 0px 0px; padding: 0px; text-align: justify; line-height: 36px;",
    ' style="margin: 0px; font-size: 18px; vertical-align: middle;"',
    " class=article-text id='p1'",
    " STYLE=color: rgb(51, 51, 51); font-family: 微软雅黑;",
]
_ENTITY_FOR = {"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;", "…": "&hellip;", "+": "&#43;"}


def _page(paras: list[str], attrs: list[int], sep: str, entities: bool) -> str:
    parts = []
    for k, para in enumerate(paras):
        body = para
        if entities:
            body = "".join(
                _ENTITY_FOR.get(ch, f"&#{ord(ch)};" if (i % 7 == 3 and ch in _HAN) else ch)
                for i, ch in enumerate(para)
            )
        parts.append(f"<p{_ATTRS[attrs[k % len(attrs)]]}>{body}</p>")
    return sep.join(parts)


@settings(max_examples=300, deadline=None)
@given(
    paragraphs,
    st.lists(st.integers(0, len(_ATTRS) - 1), min_size=1, max_size=6),
    st.sampled_from(["", " ", "\n"]),
    st.integers(20, 120),
    st.booleans(),
)
def test_property_hard_wrapped_page_repairs_to_original(
    paras: list[str], attrs: list[int], sep: str, width: int, entities: bool
) -> None:
    page = hard_wrap(_page(paras, attrs, sep, entities), width)
    assert looks_like_markup(page) or len(paras) == 1
    out = check_invariant(page)
    expected = "\n".join(paras)
    if sep == "\n":
        # Short source lines between wrapped ones can leave too few full lines to prove a
        # hard wrap; a break between ASCII characters then reads as HTML whitespace. Never
        # beside Chinese or between two digits, though.
        assert not regex.search(r"[^\x00-\x7f] | [^\x00-\x7f]|\d \d", out)
        out = out.replace(" ", "")
    assert out == expected


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list(_HAN + _PUNCT + "0123456789<&;# abcT\n《》")), max_size=200))
def test_property_plain_text_passes_unchanged(text: str) -> None:
    assert not looks_like_markup(text)
    assert repair_markup(text) == text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"<>/&;=\"' \npbrdivspan重庆日报，。3",
                "<p>",
                "</p>",
                "&ldquo;",
                "<br>",
                "<script>",
                "<!--",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_property_any_markup_keeps_the_invariant(text: str) -> None:
    check_invariant(text)


# --- entities ---------------------------------------------------------------------------------


def test_entities_in_markup() -> None:
    page = "<p>&amp;ldquo;好&amp;rdquo;&nbsp你好&#20013;&#x6587;AT&T&copy;</p><p>a&nbsp;b 中&nbsp;文</p>"
    assert repair_markup(page) == "“好”你好中文AT&T©\na b 中文"


def test_entity_split_across_a_wrap_without_hard_wrap() -> None:
    assert (
        repair_markup("<p>这种&ld\nquo;还原&rdquo;方式</p><p>第二段</p>")
        == "这种“还原”方式\n第二段"
    )


def test_decode_entities_inline() -> None:
    assert decode_entities("AT&T 与 P&G，3<5") == "AT&T 与 P&G，3<5"
    assert decode_entities("&ldquo双碳&rdquo;") == "“双碳”"
    assert decode_entities("?a=1&lang=zh") == "?a=1&lang=zh"
    assert decode_entities("AT&amp;T") == "AT&T"
    assert decode_entities("&amp;amp;") == "&"
    assert decode_entities("中&nbsp;文 a&nbsp;b") == "中文 a b"
    once = decode_entities("&amp;copy &amp;T &#0; &#xD800;")
    assert decode_entities(once) == once


# --- bad input ----------------------------------------------------------------------------------


def test_truncated_file() -> None:
    assert check_invariant('<html><body><p>第一段文字。</p><p style="color: red') == "第一段文字。"
    assert check_invariant('<p>第一段</p><p title="重庆日报记者报道').endswith("重庆日报记者报道")


def test_unbalanced_and_uppercase_tags() -> None:
    assert check_invariant("<DIV><P>甲<B>乙</P>丙</DIV></SPAN>丁") == "甲乙\n丙\n丁"


def test_script_or_style_that_never_closes() -> None:
    out = check_invariant('<p>正文一。</p><script>var a = "<b>"; if (a<3) {}\n<p>正文二。</p>')
    assert out == "正文一。\n正文二。"
    assert check_invariant("<style>p {color: red}\n<p>正文。</p>") == "正文。"


def test_lt_and_amp_as_text() -> None:
    assert check_invariant("<p>3<5 且 AT&T 与 a&b</p><p>《书》</p>") == "3<5 且 AT&T 与 a&b\n《书》"


def test_comments_cdata_quotes() -> None:
    assert check_invariant("<p>甲<!-- 注释 -->乙<![CDATA[ x ]]>丙</p><!-- 未闭合") == "甲乙丙"
    page = "<p class='a' id=b data-x=\"c>d\">甲乙</p><P STYLE=COLOR:RED>丙丁</P>"
    assert check_invariant(page) == "甲乙\n丙丁"


def test_page_structure_headings_captions_boilerplate() -> None:
    page = (
        "<html><head><title>标题_网站</title><style>p{}</style></head><body>"
        "<nav>首页 新闻</nav><article><h1>大标题</h1><p>正文。</p>"
        "<figure><img src=a.jpg><figcaption>图片说明</figcaption></figure></article>"
        "<footer>版权所有</footer></body></html>"
    )
    blocks, edits = read_markup(page, extract="all")
    assert [b.text for b in blocks] == ["大标题", "正文。", "图片说明"]
    assert blocks[0].level == 1 and blocks[2].role is Role.CAPTION
    assert "boilerplate" in {e.reason for e in edits}


def test_orphan_tail_needs_tag_evidence() -> None:
    # A line starting with "x > y" text after a full line is not a tag tail.
    text = "<p>" + "重庆" * 30 + "\n" + "a > b 的比较" + "重庆" * 25 + "\n" + "结束</p><p>二</p>"
    out = check_invariant(hard_wrap(text, 200))
    assert "a > b 的比较" in out


def test_huge_one_line_input() -> None:
    big = "<p style=margin: 0px; color: red;>" + "重庆日报记者报道，" * 200_000 + "</p>"
    out = check_invariant(big)
    assert han_count(out) == 8 * 200_000


def test_empty_and_whitespace() -> None:
    assert check_invariant("") == ""
    assert check_invariant("<p> </p>") == ""


def _lossy_page(
    paras: list[str], attrs: list[int], width: int, losses: list[tuple[int, int, int]]
) -> tuple[str, str]:
    """A wrapped one-line page that lost chunks, and the paragraph text it still holds.

    Each loss ``(line, whole, cut)`` drops ``whole`` lines after ``line`` and the first
    ``cut`` characters of the next one, which then starts with a space (as in seed 002).
    """
    body = ""
    mask: list[bool] = []
    for k, para in enumerate(paras):
        tag = f"{' ' if k else ''}<p{_ATTRS[attrs[k % len(attrs)]]}>"
        body += tag + para + "</p>"
        mask += [False] * len(tag) + [True] * len(para) + [False] * 4
    spans = []
    pos = 0
    for line in hard_wrap(body, width).split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line)
    drop: dict[int, tuple[int, int]] = {}
    for line, whole, cut in losses:
        if 2 <= line < len(spans) - 1:
            drop[line] = (whole, cut)
    lines_out: list[str] = []
    truth: list[str] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        lead = ""
        if i in drop and i + 1 + drop[i][0] < len(spans):
            whole, cut = drop[i]
            i += 1 + whole
            a, b = spans[i]
            a = min(b - 1, a + cut)
            lead = " "
        lines_out.append(lead + body[a:b])
        truth.append("".join(body[k] for k in range(a, b) if mask[k]))
        i += 1
    return "\n".join(lines_out), "".join(truth)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        # (ASCII commas as corrupted pages have them: ``共认定鉴定人资质,共研鉴定课题``)
        st.text(st.sampled_from(list(_HAN + "，。、“”0123456789,")), min_size=20, max_size=90),
        min_size=2,
        max_size=5,
    ),
    st.lists(st.integers(0, len(_ATTRS) - 1), min_size=1, max_size=5),
    st.integers(40, 90),
    st.lists(st.tuples(st.integers(2, 30), st.integers(0, 2), st.integers(1, 30)), max_size=3),
)
def test_property_lost_chunks_keep_every_surviving_character(
    paras: list[str], attrs: list[int], width: int, losses: list[tuple[int, int, int]]
) -> None:
    page, truth = _lossy_page(paras, attrs, width, losses)
    out = check_invariant(page)
    for residue in ("<", ">", "px;", "style=", "&"):
        assert residue not in out
    assert han_count(out) == han_count(truth)
    # The text has no spaces: a lost line start (`` 20年`` after ``较2``) puts none between
    # Chinese characters or digits (beside a number, a space may be the page's own).
    assert not regex.search(r"\p{Han} \p{Han}|\d \d", out)


def test_main_content_drops_the_rest_as_boilerplate(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<div>网站导航 首页</div><p>正文第一段。</p><p>正文第二段，很长。</p><div>相关阅读</div>"
    monkeypatch.setattr(webpage, "is_full_page", lambda html: True)
    monkeypatch.setattr(
        webpage, "main_content_texts", lambda html: ["正文第一段。正文第二段，很长。"]
    )
    blocks, edits = read_markup(page)
    assert [b.text for b in blocks] == ["正文第一段。", "正文第二段，很长。"]
    assert apply_edits(page, edits) == "\n".join(b.text for b in blocks)
    assert {e.reason for e in edits if "网站导航" in page[e.start : e.end]} == {"boilerplate"}
    # extract="all" keeps every block; an extractor that finds nothing keeps them too.
    assert len(read_markup(page, extract="all")[0]) == 4
    monkeypatch.setattr(webpage, "main_content_texts", lambda html: None)
    assert len(read_markup(page)[0]) == 4


# --- whole pages, hard-wrapped (issue 10) ----------------------------------------------------

_ARTICLE = [
    "新华社巴黎12月9日电（记者唐霁）法国9日再次爆发全国跨行业大罢工，反对政府进行退休制度改革，"
    "首都巴黎交通几乎完全瘫痪，其他多个城市交通也受到影响。据法国国营铁路公司SNCF统计，"
    "当天全国约有百分之七十的高铁列车停运，巴黎地铁16条线路中有10条全线关闭。",
    "法国总理菲利普将于11日宣布退休制度改革的总体架构。Hello World 2019-12-10 07:57:40，"
    "工会方面表示，如果政府不撤回改革方案，罢工行动将持续到圣诞节假期，&ldquo;直到最后&rdquo;。",
]


def _pretty_page() -> str:
    """A pretty-printed page: a long ``<head>`` of short lines, indented furniture, an article."""
    head = "\n".join(f'<meta name="key{i}" content="value{i}" />' for i in range(40))
    names = "\n".join(" " * 40 + f"<span>{n}</span>" for n in ("叨叨姐", "胡一刀", "李小飞刀"))
    paras = "\n".join(f"<p>{p}</p>" for p in _ARTICLE)
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n<title>法国全国大罢工</title>\n{head}\n"
        '<script type="text/javascript" src="http://www.example.com/global/js/jquery.min.js">'
        "</script>\n</head>\n<body>\n"
        f'<div class="author">\n{names}\n</div>\n'
        '<img src="http://www.example.com/large/pgc-image/RbYhlxiCp2r8Ej" img_width="750" '
        'alt="法国全国大罢工再次严重影响交通，首都巴黎交通几乎完全瘫痪" '
        "onclick=\"share('weibo','http://www.example.com/a.htm','法国全国大罢工再次严重影响交通')\">\n"
        f'<div class="article">\n{paras}\n</div>\n</body>\n</html>\n'
    )


@settings(max_examples=17, deadline=None)
@given(st.integers(56, 72))
def test_wrapped_page_with_many_short_lines_reads_as_unwrapped(width: int) -> None:
    # The page's own short lines outnumber its wrapped ones: the wrap must still be found
    # (a ``</script>`` cut by it swallowed the article), text attributes carrying Chinese
    # must still be read as tag text, and indentation after a full line is no space.
    page = _pretty_page()
    expected = "\n".join(b.text for b in read_markup(page, extract="all")[0])
    assert "叨叨姐胡一刀李小飞刀" in expected and "Hello World" in expected
    assert "“直到最后”" in expected and "alt" not in expected and "share" not in expected
    wrapped = hard_wrap(page, width)
    blocks, edits = read_markup(wrapped, extract="all")
    out = "\n".join(b.text for b in blocks)
    assert apply_edits(wrapped, edits) == out
    assert out == expected


def test_main_content_test_is_the_web_page_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    # One test decides which blocks are the article: a two-character tag link that happens
    # to occur in a paragraph is not the paragraph's, a block holding a whole paragraph is.
    page = (
        "<p>四川海螺沟景区的搜救仍在继续。</p><ul><li><a href='/t'>四川</a></li></ul>"
        "<p>图片 搜救人员在现场工作了三天三夜。</p>"
    )
    monkeypatch.setattr(webpage, "is_full_page", lambda html: True)
    monkeypatch.setattr(
        webpage,
        "main_content_texts",
        lambda html: ["四川海螺沟景区的搜救仍在继续。", "搜救人员在现场工作了三天三夜。"],
    )
    blocks, edits = read_markup(page)
    assert [b.text for b in blocks] == [
        "四川海螺沟景区的搜救仍在继续。",
        "图片 搜救人员在现场工作了三天三夜。",
    ]
    assert {e.reason for e in edits if "四川</a>" in page[e.start : e.end + 4]} == {"boilerplate"}


def test_script_end_cut_by_a_line_break_still_ends_the_script() -> None:
    # A short page whose wrap is not recognized keeps its line breaks: ``</scr`` / ``ipt>``
    # must still end the script, or it runs on to the next ``</script>`` over the article.
    head = "\n".join(f"<meta name=k{i} content=v{i}>" for i in range(12))
    page = (
        f"<html><head>\n{head}\n</head><body>\n"
        '<script src="http://example.com/a.js"></scr\nipt>\n<p>正文第一段。</p>\n'
        "<script>x()</script>\n<p>第二段。</p>\n</body></html>"
    )
    assert repair_markup(page, extract="all") == "正文第一段。\n第二段。"
    assert repair_markup("<p>甲</p><!-- 注释 --\n><p>乙</p><!-- c --><p>丙</p>") == "甲\n乙\n丙"


def test_lost_end_of_head_or_whole_body_form_is_not_furniture() -> None:
    para = "<p>" + "今天是新年的第一天，全国各地举行了丰富多彩的庆祝活动。" * 3 + "</p>"
    # ``</head><body>`` lost: the page runs on inside ``<head>``.
    page = f"<html><head><title>新年_新闻网</title><meta charset=utf-8>{para}{para}</html>"
    assert repair_markup(page, extract="all") == "\n".join([para[3:-4]] * 2)
    # A whole body in one ``<form>`` (ASP.NET); a small comment form stays furniture.
    page = (
        f"<html><body><form id=form1><div>{para * 3}</div></form>"
        "<form><p>发表评论</p><button>提交</button></form></body></html>"
    )
    assert repair_markup(page, extract="all") == "\n".join([para[3:-4]] * 3)


def test_paragraph_closes_a_heading_that_holds_text() -> None:
    # ``<h2>标题<p>正文…``: a page that forgot ``</h2>`` means a paragraph (issue 17, point 5).
    page = "<h2>粮食总产量再创新高<p>今年全国粮食总产量再创新高。</p><div>专家表示丰收有力。</div>"
    blocks, _ = read_markup(page, extract="all")
    assert [(b.text, b.level) for b in blocks] == [
        ("粮食总产量再创新高", 2),
        ("今年全国粮食总产量再创新高。", 0),
        ("专家表示丰收有力。", 0),
    ]
    assert [b.level for b in Cleaner().run(page).blocks if b.text] == [2, 0, 0]
    # A heading with no text yet keeps its content: the block inside is the heading.
    blocks, _ = read_markup("<h2><div>粮食总产量再创新高</div></h2><p>正文。</p>", extract="all")
    assert [(b.text, b.level) for b in blocks] == [("粮食总产量再创新高", 2), ("正文。", 0)]
