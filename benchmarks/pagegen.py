"""Newspaper pages generated from real articles, with the gold written beside each page.

Real corpus articles (``../shared/corpus/articles.jsonl.gz``, see its README) are laid out as
pages the way papers print them and damaged the way OCR, column joins and scraped HTML damage
them. Everything the layout adds (names, places, kickers, page headers, noise) comes from small
self-written lists in this module; nothing is copied from the seed pages, and no corpus text is
stored anywhere but in the generated pages.

Three styles:

- ``plain``: one logical line (title, paragraph, byline …) a line, undamaged text; on some
  pages ``#`` levels on titles, subtitles and section headings (headings deeper than titles);
- ``ocr``: paragraphs broken mid-sentence at 12–40 columns, column spaces every 12–24
  characters (one column width an article), ``#``/``##`` markers on titles (or the ``#``
  levels of ``plain``), noise lines, duplicated (whole) clauses, sentences and paragraphs;

Longer articles get section headings (a clause of the paragraph below, sometimes numbered)
between their paragraphs, so that a short line inside an article is not always a new one.
- ``html``: ``<p style=…>``/``<h1>``–``<h4>``/``<strong>`` source with entities, hard-wrapped
  every 50–80 columns through tags, entities and numbers, sometimes with a chunk lost.

The gold of a page is one :class:`GoldLine` per *logical* line: its span in the raw text (all
the physical lines a paragraph was broken into, and any duplicate injected into it), its
article (-1 for page furniture and noise), its role (a :class:`cleantext.blocks.Role` value) and
its clean text (what ``cleantext`` should output for it). Injected duplicates and column spaces
are listed in ``Page.injected`` as ``(kind, start, end)`` raw offsets.

Import it the way the other benchmarks import their siblings::

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pagegen

>>> art = SourceArticle("a1", "报甲", "测试标题", None, None, ("第一段，内容。", "第二段。"), None)
>>> page = generate_page([art, art], random.Random(1), style="plain")
>>> all(page.text[g.start:g.end] for g in page.lines)
True
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import json
import os
import random
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where the corpus is looked for unless a path is given (override: ``CLEANTEXT_CORPUS``).
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
STYLES = ("plain", "ocr", "html")
#: A corpus paragraph inside the body this short and without final punctuation is a heading.
HEADING_MAX = 20

ROLES = frozenset({
    "title", "subtitle", "kicker", "heading", "byline", "dateline", "paragraph", "caption",
    "credit", "jump", "brief", "editor", "source", "page-header", "noise",
})

# --- rates (per article unless said otherwise) -----------------------------------------------
P_BRIEF = 0.25  # a one-paragraph article
P_TITLE_BELOW = 0.12  # headline displaced below its body
P_KICKER_CORPUS = 0.8  # the corpus kicker, where there is one
P_KICKER = 0.15  # a generic kicker otherwise
P_SUBTITLE = 0.2
P_BYLINE = 0.6  # one of the byline forms (see _byline)
P_CAPTION = 0.15
P_JUMP_FROM = 0.06
P_JUMP_TO = 0.08
P_SECTIONS = 0.3  # a longer article gets section headings between its paragraphs
P_T2S = 0.3  # a Traditional article converted to Simplified
P_HEADER = 0.5  # per page: a page header on top
P_EDITOR = 0.4  # per page: 责任编辑 at the bottom
# OCR, per page / per paragraph
#: plain page: the share of its paragraphs broken once, mid-sentence, at a random place (a lost
#: line end or a column join); most pages have none.
P_PLAIN_BREAKS = (0.0, 0.0, 0.0, 0.15, 0.4)
P_OCR_WRAP = 0.75  # page: paragraphs broken at 12–40 columns
P_OCR_COLUMN_SPACES = 0.5  # page: column spaces every 12–24 characters …
P_COLUMN_SPACED_PARAGRAPH = 0.5  # … in this share of its paragraphs
P_OCR_MARKER = 0.4  # title gets # or ## (a page without a marker scheme)
#: page: titles and section headings carry ``#`` levels, headings deeper than titles (as Markdown
#: or a layout export prints them); plain and OCR pages.
P_MARKER_SCHEME = {"plain": 0.15, "ocr": 0.35}
P_OCR_NOISE_PAGE = 0.5  # page has noise lines …
P_NOISE_LINE = 0.06  # … after this share of its lines
P_DUP_FRAGMENT = 0.12  # paragraph: a clause repeated right after itself
P_DUP_SENTENCE = 0.05  # paragraph: a sentence repeated right after itself
P_DUP_PARAGRAPH = 0.03  # paragraph printed twice
P_ASCII_PUNCT = 0.1  # paragraph: OCR read some full-width punctuation as ASCII
# HTML, per page
P_HTML_LOST = 0.2  # a chunk of the source lost
P_ENTITY = 0.7  # quotes/ellipses/spaces written as entities

# --- self-written word lists -------------------------------------------------------------------
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史黎贺顾毛郝龚邵"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏飞志国庆春晓东"
    "海波林峰雪梅兰晨阳欣怡子涵思雨佳琪俊豪博然雅婷宏亮新民永康嘉慧德胜卫兵振兴立群世荣"
)
_CITIES = (
    "北京", "上海", "天津", "重庆", "广州", "深圳", "南京", "杭州", "武汉", "成都", "西安", "沈阳",
    "长沙", "郑州", "济南", "福州", "昆明", "南宁", "合肥", "太原", "兰州", "拉萨", "乌鲁木齐", "哈尔滨",
)
_KICKERS = (
    "关注民生", "一线调查", "今日视点", "特别报道", "现场直击", "深度观察", "新春走基层", "读者来信",
    "专家解读", "记者手记", "热点追踪", "经济观察", "地方传真", "文化广角", "环球扫描", "声音",
)
_SECTIONS = ("要闻", "国内", "国际", "经济", "社会", "文化", "体育", "评论", "地方", "科技", "综合")
_NUMERALS = "一二三四五六七八九十"
_WEEKDAYS = "一二三四五六日"
_SECTION_NUMBERS = ("一、", "二、", "三、", "（一）", "（二）", "1.", "2.", "")
_NOISE_CHARS = "■□口一丨·—▲◆●○＊|_.:'"
_PARA_STYLES = (
    '<p style="text-indent:2em">',
    '<p style="margin:0;line-height:1.8;text-indent:2em">',
    '<p style="font-size:14px">',
    "<p>",
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE = re.compile(r"[^，。！？；：,\s]{4,30}，")
_SENTENCE = re.compile(r"[^。！？]{6,80}[。！？]")
#: What ends the clause (and whitespace) or sentence before a match of ``_CLAUSE`` /
#: ``_SENTENCE``.
_CLAUSE_STOPS = "，。！？；：,"
_SENTENCE_STOPS = "。！？"
_FINAL = "。！？；：，、…"
_ASCII = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceArticle:
    """One corpus article as published."""

    id: str
    source: str  # the publication
    title: str
    kicker: str | None
    author: str | None
    paragraphs: tuple[str, ...]
    date: str | None


@dataclass(frozen=True)
class GoldLine:
    """One logical line of a page: its raw span, article (-1: page level), role and clean text."""

    start: int
    end: int
    article: int
    role: str
    text: str


@dataclass(frozen=True)
class GoldArticle:
    """Per article of a page: its title and bylines as they should come out, and its source."""

    title: str
    bylines: tuple[str, ...]
    source_id: str
    publication: str


@dataclass(frozen=True)
class Page:
    """A generated page: the raw text and its gold."""

    name: str
    style: str
    text: str
    lines: tuple[GoldLine, ...]
    articles: tuple[GoldArticle, ...]
    injected: tuple[tuple[str, int, int], ...] = field(default=())

    def to_json(self) -> str:
        """The page and its gold as one JSON object (``from_json`` reads it back)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> Page:
        d: dict[str, Any] = json.loads(data)
        return cls(
            d["name"], d["style"], d["text"],
            tuple(GoldLine(**g) for g in d["lines"]),
            tuple(GoldArticle(a["title"], tuple(a["bylines"]), a["source_id"], a["publication"])
                  for a in d["articles"]),
            tuple((k, s, e) for k, s, e in d["injected"]),
        )


# --- corpus --------------------------------------------------------------------------------


def corpus_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The corpus file: ``path``, else ``$CLEANTEXT_CORPUS``, else ``../shared/corpus/``."""
    return Path(path or os.environ.get("CLEANTEXT_CORPUS") or DEFAULT_CORPUS)


def _clean_para(p: str) -> str:
    return " ".join(p.replace("\r", " ").replace("\n", " ").split(" ")).strip()


def load_articles(path: str | os.PathLike[str] | None = None) -> list[SourceArticle]:
    """The corpus articles with a title and at least one non-empty paragraph, in file order."""
    p = corpus_path(path)
    if not p.is_file():
        raise FileNotFoundError(
            f"development corpus not found at {p}: it lives outside the repository "
            "(../shared/corpus/articles.jsonl.gz); pass --corpus PATH or set CLEANTEXT_CORPUS"
        )
    out = []
    with gzip.open(p, "rt", encoding="utf-8") as f:
        for raw in f:
            d = json.loads(raw)
            paras = tuple(q for q in (_clean_para(x) for x in d.get("paragraphs") or ()) if q)
            title = _clean_para(d.get("title") or "")
            if not title or not paras:
                continue
            out.append(SourceArticle(
                str(d["id"]), str(d["source"]), title, d.get("kicker") or None,
                d.get("author") or None, paras, d.get("date") or None,
            ))
    return out


def load_articles_or_say(path: str | os.PathLike[str] | None, prog: str) -> list[SourceArticle] | None:
    """:func:`load_articles`, or ``None`` after one line on stderr saying what is missing."""
    try:
        return load_articles(path)
    except FileNotFoundError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return None


def publications(articles: Iterable[SourceArticle]) -> list[str]:
    """The publications of ``articles``, sorted."""
    return sorted({a.source for a in articles})


def slug(publication: str) -> str:
    """A file-name slug for a publication (names may be Chinese): a short stable hash.

    >>> slug("报甲")
    '84278101'
    """
    return hashlib.sha1(publication.encode("utf-8")).hexdigest()[:8]


def fold_model(models: str | os.PathLike[str] | None, publication: str) -> str:
    """The line-model file trained with ``publication`` held out, in folder ``models``
    (``tools/train_roles.py --folds`` writes them); ``""`` (the shipped model) if none."""
    if models is None:
        return ""
    path = Path(models) / f"fold-{slug(publication)}.json.gz"
    return str(path) if path.is_file() else ""


def folds(
    articles: Sequence[SourceArticle],
) -> list[tuple[str, list[SourceArticle], list[SourceArticle]]]:
    """Leave one publication out: ``(held-out publication, train articles, test articles)``.

    >>> a = SourceArticle("1", "甲", "t", None, None, ("p",), None)
    >>> b = SourceArticle("2", "乙", "t", None, None, ("p",), None)
    >>> [(pub, len(tr), len(te)) for pub, tr, te in folds([a, b])]
    [('乙', 1, 1), ('甲', 1, 1)]
    """
    return [
        (pub, [a for a in articles if a.source != pub], [a for a in articles if a.source == pub])
        for pub in publications(articles)
    ]


# --- Chinese conversion --------------------------------------------------------------------


@lru_cache(maxsize=2)
def _opencc(config: str) -> Any:
    import opencc  # noqa: PLC0415 (only needed when generating)

    return opencc.OpenCC(config)


def _t2s(s: str) -> str:
    return str(_opencc("t2s").convert(s))


def _s2t(s: str) -> str:
    return str(_opencc("s2hk").convert(s))


# --- layout of one article -------------------------------------------------------------------


@dataclass
class _Line:
    role: str
    article: int
    text: str  # clean text (gold)
    raw: str  # as printed before the style's damage
    group: int = 0  # which article block it belongs to on the page (blank lines between groups)


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _date(art: SourceArticle, rng: random.Random) -> _dt.date:
    if art.date:
        try:
            return _dt.date.fromisoformat(art.date)
        except ValueError:
            pass
    return _dt.date(rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28))


def _clause(art: SourceArticle, rng: random.Random, lo: int, hi: int) -> str | None:
    """A clause of the article, without its punctuation, ``lo``–``hi`` characters long."""
    found = [
        m.group(0)[:-1] for p in art.paragraphs[:4] for m in _CLAUSE.finditer(p)
        if lo <= len(m.group(0)) - 1 <= hi
    ]
    return rng.choice(found) if found else None


def _byline(
    rng: random.Random, d: _dt.date,
) -> tuple[str, str, str, str | None]:
    """(where, clean text, raw text, role) of a byline; where in top/open/end/endline/none."""
    r = rng.random()
    n1 = _name(rng)
    if r < 0.18:
        text = f"本报记者 {n1}"
        raw = " ".join("本报记者") + " " + n1 if rng.random() < 0.3 else text
        return "top", text, raw, "byline"
    if r < 0.30:
        text = f"记者 {n1} {_name(rng)}"
        return "top", text, text, "byline"
    if r < 0.40:
        text = f"{n1}／文"
        return "top", text, text, "byline"
    if r < 0.52:
        text = f"本报{rng.choice(_CITIES)}{d.month}月{d.day}日电"
        return "top", text, text, "dateline"
    if r < 0.66:
        text = f"新华社{rng.choice(_CITIES)}{d.month}月{d.day}日电（记者{rng.choice(('', ' '))}{n1}）"
        return "open", text, text, None
    if r < 0.82:
        text = rng.choice((f"（{n1}）", f"（记者 {n1}）", f"（记者{n1}）", f"（{n1} {_name(rng)}）"))
        return "end", text, text, None
    text = rng.choice((f"（{n1}）", f"（记者 {n1}）", f"（本报记者 {n1}）"))
    return "endline", text, text, "byline"


def _paragraph_role(p: str, k: int, n: int) -> str:
    """``heading`` for a short paragraph inside the body without final punctuation (a section
    heading as the source printed it), else ``paragraph``."""
    if 0 < k < n - 1 and len(p) <= HEADING_MAX and p[-1] not in _FINAL + "”」』）)\"'":
        return "heading"
    return "paragraph"


def _section_heading(p: str, rng: random.Random) -> str | None:
    """A section heading made of a clause of the paragraph it heads, sometimes numbered."""
    found = [
        c for m in _CLAUSE.finditer(p)
        if 5 <= len(c := m.group(0)[:-1]) <= 16 and not any(q in c for q in "“”「」『』‘’\"")
        and c.count("《") == c.count("》") and c.count("（") == c.count("）")
    ]
    if not found:
        return None
    text = rng.choice(found)
    return (rng.choice(_SECTION_NUMBERS) if rng.random() < 0.3 else "") + text


def _add_sections(body: list[_Line], index: int, rng: random.Random) -> list[_Line]:
    """Section headings (role ``heading``) before 1–3 of the paragraphs after the first: the
    article goes on under them, so a short line between paragraphs is not always a new one."""
    paras = [k for k, ln in enumerate(body) if ln.role == "paragraph"][1:]
    if len(paras) < 2:
        return body
    at = sorted(rng.sample(paras, min(len(paras), rng.randint(1, 3))))
    out: list[_Line] = []
    for k, ln in enumerate(body):
        if k in at and (head := _section_heading(ln.text, rng)):
            out.append(_Line("heading", index, head, head))
        out.append(ln)
    return out


def _brief_text(p: str, rng: random.Random) -> str:
    sents = _SENTENCE.findall(p)
    if len(sents) > 3:
        return "".join(sents[: rng.randint(1, 3)])
    return p


def layout_article(
    art: SourceArticle, index: int, rng: random.Random, *, brief: bool, max_paragraphs: int,
) -> tuple[list[_Line], GoldArticle]:
    """The logical lines of one article on a page, in page order, and its gold record."""
    trad = _t2s(art.title) != art.title
    if trad and rng.random() < P_T2S:
        art = SourceArticle(
            art.id, art.source, _t2s(art.title), _t2s(art.kicker) if art.kicker else None,
            art.author, tuple(_t2s(p) for p in art.paragraphs), art.date,
        )
        trad = False
    conv = _s2t if trad else (lambda s: s)  # the layout's words in the article's script
    d = _date(art, rng)

    def line(role: str, text: str, raw: str | None = None) -> _Line:
        return _Line(role, index, conv(text), conv(raw if raw is not None else text))

    if brief:
        paras = [_brief_text(art.paragraphs[0], rng)]
    else:
        paras = list(art.paragraphs[: max(1, min(max_paragraphs, rng.randint(2, 8)))])
    head: list[_Line] = []
    if art.kicker and rng.random() < P_KICKER_CORPUS:
        head.append(_Line("kicker", index, art.kicker, art.kicker))
    elif rng.random() < P_KICKER:
        head.append(line("kicker", rng.choice(_KICKERS)))
    head.append(_Line("title", index, art.title, art.title))
    if not brief and rng.random() < P_SUBTITLE:
        c = _clause(art, rng, 6, 20)
        if c:
            sub = "——" + c if rng.random() < 0.5 else c
            head.append(_Line("subtitle", index, sub, sub))
    bylines: list[str] = []
    top: list[_Line] = []
    body = [_Line(_paragraph_role(p, k, len(paras)), index, p, p) for k, p in enumerate(paras)]
    if not brief and len(body) >= 3 and rng.random() < P_SECTIONS:
        body = _add_sections(body, index, rng)
    tail: list[_Line] = []
    if rng.random() < P_BYLINE:
        where, text, raw, role = _byline(rng, d)
        text, raw = conv(text), conv(raw)
        bylines.append(text)
        if where == "top" and role:
            top.append(_Line(role, index, text, raw))
        elif where == "open":
            body[0] = _Line("paragraph", index, text + body[0].text, raw + body[0].raw)
        elif where == "end":
            body[-1] = _Line("paragraph", index, body[-1].text + text, body[-1].raw + raw)
        elif role:
            tail.append(_Line(role, index, text, raw))
    if brief and not bylines and rng.random() < 0.3:
        opener = conv(f"本报讯（记者 {_name(rng)}）" if rng.random() < 0.5 else "本报讯 ")
        bylines.append(opener.strip())
        body[0] = _Line("paragraph", index, opener + body[0].text, opener + body[0].raw)
    if not brief and rng.random() < P_JUMP_FROM:
        top.append(line("jump", f"（上接{rng.randint(1, 4)}版）"))
    if not brief and rng.random() < P_CAPTION:
        c = _clause(art, rng, 6, 24)
        if c:
            credit_name = _name(rng)
            cap = [line("caption", "图为" + c + rng.choice(("。", "", "。（资料图片）")))]
            r = rng.random()
            if r < 0.4:
                cap.append(line("credit", f"{credit_name}摄"))
            elif r < 0.7:
                cap[0] = line("caption", cap[0].text + f"（本报记者{credit_name}摄）",
                              cap[0].raw + f"（本报记者{credit_name}摄）")
            at = rng.randint(0, len(body))
            body[at:at] = cap
    if not brief and rng.random() < P_JUMP_TO:
        num = rng.randint(2, 9)
        tail.append(line("jump", rng.choice((f"（下转第{_NUMERALS[num - 1]}版）", f"（下转{num}版）"))))
    below = rng.random() < P_TITLE_BELOW
    lines = (top + body + tail + head) if below else (head + top + body + tail)
    return lines, GoldArticle(art.title, tuple(bylines), art.id, art.source)


def _furniture(rng: random.Random, d: _dt.date) -> tuple[_Line | None, _Line | None]:
    header = editor = None
    if rng.random() < P_HEADER:
        page_no, sec = rng.randint(1, 16), rng.choice(_SECTIONS)
        when = f"{d.year}年{d.month}月{d.day}日 星期{_WEEKDAYS[d.weekday()]}"
        text = rng.choice((f"第{page_no}版 {sec} {when}", f"{when} 第{page_no}版 {sec}",
                           f"{sec} {page_no} {when}"))
        header = _Line("page-header", -1, text, text)
    if rng.random() < P_EDITOR:
        text = rng.choice((f"责任编辑：{_name(rng)}", f"责任编辑：{_name(rng)} 版式设计：{_name(rng)}",
                           f"本版编辑：{_name(rng)}"))
        editor = _Line("editor", -1, text, text)
    return header, editor


# --- rendering ----------------------------------------------------------------------------


def _insert(s: str, positions: Sequence[int], ch: str) -> str:
    """``ch`` inserted before each of the sorted ``positions`` of ``s``."""
    out, last = [], 0
    for p in positions:
        out.append(s[last:p])
        out.append(ch)
        last = p
    out.append(s[last:])
    return "".join(out)


def _shift(positions: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """A span's new offsets after one character was inserted before each of ``positions``."""
    return start + bisect_right(positions, start), end + bisect_left(positions, end)


def _blank_policy(rng: random.Random) -> tuple[float, bool]:
    """(chance of a blank line between two articles, blank line after every line)."""
    every = rng.random() < 0.12
    return (rng.choice((0.0, 0.5, 0.9, 1.0)), every)


def _join_lines(
    chunks: Sequence[tuple[_Line | None, str, list[tuple[str, int, int]]]],
    rng: random.Random,
) -> tuple[str, list[GoldLine], list[tuple[str, int, int]]]:
    """Lines (with their raw rendering and injected spans) joined by ``\\n`` and blank lines."""
    p_between, every = _blank_policy(rng)
    text: list[str] = []
    pos = 0
    gold: list[GoldLine] = []
    injected: list[tuple[str, int, int]] = []
    prev: _Line | None = None
    for line, raw, inj in chunks:
        if text:
            sep = "\n"
            if every or (
                line is not None and prev is not None and line.article != prev.article
                and line.article >= 0 and prev.article >= 0 and rng.random() < p_between
            ):
                sep = "\n\n"
            text.append(sep)
            pos += len(sep)
        text.append(raw)
        if line is not None:
            gold.append(GoldLine(pos, pos + len(raw), line.article, line.role, line.text))
            prev = line
        injected.extend((k, pos + s, pos + e) for k, s, e in inj)
        pos += len(raw)
    return "".join(text), gold, injected


def _break_once(raw: str, rng: random.Random) -> str:
    """A paragraph broken once at a random place inside a sentence."""
    places = [p for p in range(8, len(raw) - 8)
              if raw[p - 1] not in "。！？；…”" and not raw[p].isspace() and not raw[p - 1].isspace()]
    if len(raw) < 30 or not places:
        return raw
    p = rng.choice(places)
    return raw[:p] + "\n" + raw[p:]


def _marker_scheme(lines: Sequence[_Line], rng: random.Random) -> dict[int, str]:
    """``#`` prefixes for a page that marks its levels: titles at one level (the first article's
    one level higher on some pages), subtitles and section headings deeper than their title."""
    top = rng.choice((1, 2))
    lead = rng.random() < 0.4
    first = next((ln.article for ln in lines if ln.article >= 0), 0)
    out: dict[int, str] = {}
    for k, ln in enumerate(lines):
        title = top + (1 if lead and ln.article != first else 0)
        if ln.role == "title" and rng.random() < 0.85:
            level = title
        elif ln.role == "subtitle" and rng.random() < 0.5:
            level = title + 1
        elif ln.role == "heading" and rng.random() < 0.85:
            level = rng.randint(title + 1, 4)
        else:
            continue
        out[k] = "#" * level + rng.choice(("", " "))
    return out


def _render_plain(lines: Sequence[_Line], rng: random.Random):  # type: ignore[no-untyped-def]
    share = rng.choice(P_PLAIN_BREAKS)
    marks = _marker_scheme(lines, rng) if rng.random() < P_MARKER_SCHEME["plain"] else {}
    return _join_lines(
        [
            (ln, _break_once(ln.raw, rng)
             if share and ln.role == "paragraph" and rng.random() < share
             else marks.get(k, "") + ln.raw, [])
            for k, ln in enumerate(lines)
        ],
        rng,
    )


def _noise(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(_NOISE_CHARS) for _ in range(rng.randint(1, 2)))
                    for _ in range(rng.randint(1, 4)))


def _whole(raw: str, m: re.Match[str], stops: str, *, at_space: bool) -> tuple[int, int]:
    """The span of ``m`` taken back to the start of its clause or sentence.

    The patterns cap a match's length, so on a long clause or sentence a match starts inside it;
    a repetition that layout or OCR makes repeats the whole clause or sentence (a copy from
    inside one is the tail of a column line read again, a different damage).
    """
    start = m.start()
    while start > 0 and raw[start - 1] not in stops and not (at_space and raw[start - 1].isspace()):
        start -= 1
    return start, m.end()


def _damage_paragraph(
    raw: str, rng: random.Random, *, width: int, spaces: bool, step: dict[int, int], article: int,
) -> tuple[str, list[tuple[str, int, int]]]:
    inj: list[tuple[str, int, int]] = []
    if rng.random() < P_ASCII_PUNCT:
        raw = "".join(_ASCII.get(c, c) if rng.random() < 0.5 else c for c in raw)
    if rng.random() < P_DUP_FRAGMENT:
        found = list(_CLAUSE.finditer(raw))
        if found:
            s, e = _whole(raw, rng.choice(found), _CLAUSE_STOPS, at_space=True)
            raw = raw[:e] + raw[s:e] + raw[e:]
            inj.append(("duplicate-fragment", e, e + e - s))
    elif rng.random() < P_DUP_SENTENCE:
        found = list(_SENTENCE.finditer(raw))
        if found:
            s, e = _whole(raw, rng.choice(found), _SENTENCE_STOPS, at_space=False)
            raw = raw[:e] + raw[s:e] + raw[e:]
            inj.append(("duplicate-sentence", e, e + e - s))
    if spaces:
        # The column width belongs to the article (its body is set in one column), not to
        # each paragraph: every paragraph draws one, the article's first draw is kept.
        step_ = step.setdefault(article, rng.randint(12, 24))
        cols = [p for p in range(step_, len(raw), step_)
                if not raw[p - 1].isspace() and not raw[p].isspace()]
        inj = [(k, *_shift(cols, s, e)) for k, s, e in inj]
        raw = _insert(raw, cols, " ")
        inj.extend(("column-space", p + i, p + i + 1) for i, p in enumerate(cols))
    if width:
        breaks = list(range(width, len(raw), width))
        inj = [(k, *_shift(breaks, s, e)) for k, s, e in inj]
        raw = _insert(raw, breaks, "\n")
    return raw, inj


def _render_ocr(lines: Sequence[_Line], rng: random.Random):  # type: ignore[no-untyped-def]
    width = rng.randint(12, 40) if rng.random() < P_OCR_WRAP else 0
    spaces = rng.random() < P_OCR_COLUMN_SPACES
    noisy = rng.random() < P_OCR_NOISE_PAGE
    marks = _marker_scheme(lines, rng) if rng.random() < P_MARKER_SCHEME["ocr"] else None
    chunks: list[tuple[_Line | None, str, list[tuple[str, int, int]]]] = []
    column_step: dict[int, int] = {}
    for k, ln in enumerate(lines):
        raw, inj = ln.raw, []
        if ln.role != "paragraph" and marks is not None:
            raw = marks.get(k, "") + raw
        elif ln.role == "title" and rng.random() < P_OCR_MARKER:
            raw = rng.choice(("#", "##", "# ", "## ")) + raw
        elif ln.role == "paragraph":
            raw, inj = _damage_paragraph(
                raw, rng, width=width, spaces=spaces and rng.random() < P_COLUMN_SPACED_PARAGRAPH,
                step=column_step, article=ln.article)
            if rng.random() < P_DUP_PARAGRAPH:
                copy_at = len(raw) + 1
                inj.append(("duplicate-paragraph", copy_at, copy_at + len(raw)))
                raw = raw + "\n" + raw
        chunks.append((ln, raw, inj))
        if noisy and rng.random() < P_NOISE_LINE:
            text = _noise(rng)
            chunks.append((_Line("noise", -1, text, text), text, []))
    return _join_lines(chunks, rng)


_ENTITIES = {"“": "&ldquo;", "”": "&rdquo;", "…": "&hellip;", "—": "&mdash;", " ": "&nbsp;"}


def _escape(s: str, rng: random.Random, entities: bool) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if entities:
        s = "".join(_ENTITIES.get(c, c) if c in _ENTITIES and rng.random() < 0.8 else c for c in s)
    return s


def _render_html(lines: Sequence[_Line], rng: random.Random):  # type: ignore[no-untyped-def]
    para_open = rng.choice(_PARA_STYLES)
    title_tag = rng.choice(("h1", "h2", "h3", "strong"))
    entities = rng.random() < P_ENTITY
    between = rng.choice(("", "\n"))
    src: list[str] = ['<html><head><meta charset="utf-8"></head><body>\n']
    pos = len(src[0])
    spans: list[tuple[int, int]] = []
    para_idx: list[int] = []
    for k, ln in enumerate(lines):
        body = _escape(ln.raw, rng, entities)
        if ln.role == "title":
            if title_tag == "strong":
                open_, close = para_open, "</p>"
                body = f"<strong>{body}</strong>"
            else:
                open_, close = f"<{title_tag}>", f"</{title_tag}>"
        elif ln.role == "subtitle":
            open_, close = "<h4>" if title_tag != "strong" else para_open, (
                "</h4>" if title_tag != "strong" else "</p>")
        elif ln.role == "heading" and title_tag != "strong" and rng.random() < 0.7:
            tag = f"h{rng.randint(int(title_tag[1]) + 1, 4)}"
            open_, close = f"<{tag}>", f"</{tag}>"
        elif ln.role == "heading" and rng.random() < 0.5:
            open_, close = para_open + "<strong>", "</strong></p>"
        elif ln.role in ("byline", "dateline", "editor", "credit"):
            open_, close = '<p style="text-align:right">', "</p>"
        else:
            open_, close = para_open, "</p>"
        if ln.role == "paragraph":
            para_idx.append(k)
        piece = open_ + body + close + between
        spans.append((pos + len(open_), pos + len(open_) + len(body)))
        src.append(piece)
        pos += len(piece)
    src.append("</body></html>\n")
    text = "".join(src)
    injected: list[tuple[str, int, int]] = []
    if para_idx and rng.random() < P_HTML_LOST:
        k = rng.choice(para_idx)
        s, e = spans[k]
        n = rng.randint(10, 60)
        if e - s > n + 10:
            cut = rng.randint(s + 5, e - n - 5)
            text = text[:cut] + text[cut + n:]
            spans = [(a if a <= cut else a - n, b if b <= cut else b - n) for a, b in spans]
            injected.append(("lost", cut, cut))
    width = rng.randint(50, 80)
    breaks: list[int] = []
    col = 0
    for i, c in enumerate(text):
        if c == "\n":
            col = 0
            continue
        if col == width:
            breaks.append(i)
            col = 0
        col += 1
    text = _insert(text, breaks, "\n")
    gold = []
    for ln, (s, e) in zip(lines, spans, strict=True):
        s2, e2 = _shift(breaks, s, e)
        gold.append(GoldLine(s2, e2, ln.article, ln.role, ln.text))
    injected = [(k, *_shift(breaks, s, e)) for k, s, e in injected]
    return text, gold, injected


_RENDER = {"plain": _render_plain, "ocr": _render_ocr, "html": _render_html}


def generate_page(
    articles: Sequence[SourceArticle], rng: random.Random, *, style: str, name: str = "page",
) -> Page:
    """A page of 2–12 articles drawn from ``articles`` (repeats only if there are too few)."""
    if style not in _RENDER:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    if not articles:
        raise ValueError("no articles to lay out")
    k = rng.randint(2, 12)
    chosen = (rng.sample(list(articles), k) if len(articles) >= k
              else [rng.choice(articles) for _ in range(k)])
    max_paragraphs = max(2, 30 // k)
    lines: list[_Line] = []
    golds: list[GoldArticle] = []
    for i, art in enumerate(chosen):
        ls, g = layout_article(art, i, rng, brief=rng.random() < P_BRIEF,
                               max_paragraphs=max_paragraphs)
        lines.extend(ls)
        golds.append(g)
    header, editor = _furniture(rng, _date(chosen[0], rng))
    if header:
        lines.insert(0, header)
    if editor:
        lines.append(editor)
    text, gold, injected = _RENDER[style](lines, rng)
    return Page(name, style, text, tuple(gold), tuple(golds), tuple(injected))


def generate_pages(
    articles: Sequence[SourceArticle], n: int, seed: int, styles: Sequence[str] = STYLES,
) -> list[Page]:
    """``n`` pages from ``articles``, the styles taking turns; the same arguments, the same pages.

    >>> art = SourceArticle("a1", "报甲", "测试标题", None, None, ("第一段，内容。",), None)
    >>> [p.style for p in generate_pages([art], 4, seed=1)]
    ['plain', 'ocr', 'html', 'plain']
    """
    if not styles or any(s not in _RENDER for s in styles):
        raise ValueError(f"styles must be taken from {STYLES}")
    rng = random.Random(seed)
    return [
        generate_page(articles, rng, style=styles[i % len(styles)], name=f"gen-{seed}-{i:05d}")
        for i in range(n)
    ]


def han(s: str) -> str:
    """The Han characters of ``s``."""
    return "".join(_HAN.findall(s))
