"""``roles.segment_cue`` as it was in Python (roles.py at e04d735), the reference of the core's
``CueRules``: the same rules on the package's ``SegmentCue`` record."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache as _seg_cache

import regex as _seg_regex

from cleantext.blocks import Block, Role
from cleantext.chardata import load_words as _seg_load_words
from cleantext.roles import SegmentCue

from .line_measure import _may_jump

# Segmentation reads a few cues that line roles do not carry: whether a byline opens (`□`) or
# closes an article, a line of bare names, a label (`主持人：`), a lead paragraph (`本报讯`,
# `新华社北京12月23日电`), a jump marker inside a paragraph, a brief-block heading. They are
# computed from the line alone; :mod:`cleantext.segment` puts them in context.

_SEG_SENTENCE = _seg_regex.compile(r"[，。；！？]|(?<!\d),|,(?!\d)|[;!?](?=\s*\p{Han})")
_SEG_FINAL = frozenset("。！？!?…；;")
_SEG_CLOSERS = frozenset("”’）)」』》〉】〕]\"'")
# A byline opened by a box: the line's first character is one of these.
_SEG_BOXES = "□■◇◆"
_SEG_CLOSER_CHARS = "".join(sorted(_SEG_CLOSERS))
_SEG_LEAD = _seg_regex.compile(
    r"^(?:\p{Han}{1,8}讯[ \t]*(?:[（(][^（()）]{1,40}[)）])?"
    r"|(?:新华社|中新社|人民日报|央视网|新华网|人民网)\p{Han}{0,10}\d{1,2}月\d{1,2}日电"
    r"(?:[ \t]*[（(][^（()）]{1,40}[)）])?"
    r"|(?:新华社|中新社|人民日报|央视网|新华网|人民网)消息(?:[（(][^（()）]{1,40}[)）])?[：:])"
)
_SEG_JUMP = _seg_regex.compile(r"[（(][ \t]*(?:上接|下转|接上|转下|转第|接第)[^（()）]{0,10}版[ \t]*[)）]")
_SEG_NAME = _seg_regex.compile(r"^\p{Han}{2,3}$")
_SEG_NAME4 = _seg_regex.compile(r"^\p{Han}{4}$")
_SEG_CREDIT = _seg_regex.compile(
    r"(?:[ \t\u3000]摄(?:影)?|(?:记者|摄影|通讯员|图片由|图/)[^。，；]{0,12}摄|供图|制图)"
    r"(?:[（(][^（()）]{0,12}[)）])?$|^(?:特约)?摄影(?:记者)?[ \t\u3000]"
)
_SEG_CAPTION = _seg_regex.compile(
    r"(?:^|[。；\s])图[为①-⑳\d]|[（(][^（()）]{0,12}(?:照片|图片|资料图|供图|新华社发)[)）]"
)
_SEG_PAGE = _seg_regex.compile(
    r"^(?:第?\s*\d{1,3}\s*版|\d{4}年\d{1,2}月\d{1,2}日[ \t\u3000]*(?:星期|周)[一二三四五六日天]"
    r"|(?:责任编辑|责编|美术编辑|美编|版式|校对|值班编辑|本版编辑)[ \t]*[：:])"
)
# A dated line (as in _SEG_PAGE) with a section name and a page number around it.
_SEG_DATED = _seg_regex.compile(r"\d{4}年\d{1,2}月\d{1,2}日[ \t\u3000]*(?:星期|周)[一二三四五六日天]")
_SEG_FURNITURE = _seg_regex.compile(r"[\p{Han}\d\s·|｜/]*")
_SEG_DIGIT = _seg_regex.compile(r"\d")


def _seg_dated_furniture(text: str) -> bool:
    # (`要闻 3 2025年1月2日 星期四`: up to 12 characters of names, numbers and spaces on each
    # side of the date, a digit among them.)
    for p in range(1, min(12, len(text)) + 1):
        if not _SEG_FURNITURE.fullmatch(text[p - 1]):
            break
        m = _SEG_DATED.match(text, p)
        if m is None:
            continue
        rest = text[m.end() :]
        if len(rest) <= 12 and _SEG_FURNITURE.fullmatch(rest) and _SEG_DIGIT.search(text[:p] + rest):
            return True
    return False


_SEG_DATE = _seg_regex.compile(
    r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[ \t\u3000]*(?:星期|周)[一二三四五六日天])?$"
    r"|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$"
)
_SEG_SPACE = _seg_regex.compile(r"[ \t\u3000]+")
# Common surnames (the line-wrap role rules have the full list in data/role_surnames.txt):
# a line of two or three bare names is a byline only if every name starts with one.
_SEG_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)


def _seg_may_lead(text: str) -> bool:
    # `讯` ends a lead's first form within 9 characters; `电` its second within 21 (a news
    # agency of at most 4, 10 more Han, a date of at most 6).
    # `息` ends an agency's `消息` within 6 (an agency of at most 4).
    return "讯" in text[:9] or "电" in text[:21] or "息" in text[:6]


#: Pre-checks of segmentation's searches (as _PRECHECKS above; a lead is matched at the start).
_SEG_PRECHECKS: tuple[tuple[Callable[[str], bool], tuple[_seg_regex.Pattern[str], ...]], ...] = (
    (_may_jump, (_SEG_JUMP,)),
    (_seg_may_lead, (_SEG_LEAD,)),
)


# The cues without details, shared (they are frozen).
_SEG_BLANK_CUE = SegmentCue("blank")
_SEG_PAGE_CUE = SegmentCue("page")
_SEG_DATELINE_CUE = SegmentCue("dateline")
_SEG_LABEL_CUE = SegmentCue("label")
_SEG_NAMES_CUE = SegmentCue("names")
_SEG_CAPTION_CUE = SegmentCue("caption")
_SEG_PARAGRAPH_CUE = SegmentCue("paragraph")


@_seg_cache
def _seg_byline_words() -> tuple[str, ...]:
    return tuple(sorted(_seg_load_words("byline_roles"), key=len, reverse=True))


@_seg_cache
def _seg_brief_words() -> frozenset[str]:
    return _seg_load_words("brief_markers")


_SEG_SEPARATORS = _seg_regex.escape("：:｜|︱丨/／")


@_seg_cache
def _seg_byline_token() -> _seg_regex.Pattern[str]:
    words = (w for w in _seg_byline_words() if len(w) >= 2 and w not in ("报道", "设计"))
    alternation = "|".join(_seg_regex.escape(w) for w in words)
    # `华龙网记者`, `本报首席记者陈维灯`, `见习记者`, `文/图`, `摄`: an optional organisation
    # prefix, a role word, an optional name.
    # (A separator may stand before the name: `作者︱王希`, `撰文：李四`, `文/王希`.)
    return _seg_regex.compile(
        rf"^(?:\p{{Han}}{{0,8}}?(?:{alternation})(?:[{_SEG_SEPARATORS}](?=.))?\p{{Han}}{{0,5}}"
        rf"|摄|文|图|[文图]/[文图]|[文图][{_SEG_SEPARATORS}]\p{{Han}}{{2,4}})$"
    )


def _seg_is_byline(text: str) -> bool:
    # (text[1:] after a box: what _SEG_BOX.sub("", text) gives, without a regex call.)
    core = (text[1:] if text[:1] in _SEG_BOXES else text).strip().lstrip("（(").rstrip("）)").strip()
    if not core or len(core) > 70 or _SEG_SENTENCE.search(core):
        return False
    tokens = core.split()
    token = _seg_byline_token()
    roles = sum(1 for t in tokens if token.match(t))
    return roles > 0 and all(
        token.match(t) or _SEG_NAME.match(t) or _SEG_NAME4.match(t) for t in tokens
    )


def _seg_is_names(text: str) -> bool:
    # At most four tokens: a fifth piece (the rest of the line) is enough to say no.
    tokens = text.split(None, 4)
    return 1 <= len(tokens) <= 4 and all(
        _SEG_NAME.match(t) and t[0] in _SEG_SURNAMES for t in tokens
    )


def segment_cue(block: Block) -> SegmentCue:
    """The boundary cue of one line, from its text, level and hints.

    >>> segment_cue(Block("王彩艳 杨毅")).kind, segment_cue(Block("□本报记者 陈维灯")).boxed
    ('names', True)
    >>> segment_cue(Block("本报讯(记者 陈钧)12月23日，两江新区签约。")).lead
    '本报讯(记者 陈钧)'
    >>> segment_cue(Block("大足打造艺术家小镇", level=2)).kind
    'heading'
    """
    text = block.text.strip()
    if not text:
        return _SEG_BLANK_CUE
    # A search is skipped when its pre-check (see _SEG_PRECHECKS) says it cannot match.
    jump = _SEG_JUMP.search(text) if _may_jump(text) else None
    jump_text = jump.group() if jump else None
    if jump and len(text) - len(jump.group()) <= 2:
        return SegmentCue("jump", jump=jump_text)
    lead = _SEG_LEAD.match(text) if _seg_may_lead(text) else None
    lead_text = lead.group() if lead and len(text) > len(lead.group()) + 8 else None
    # Sentence marks only count in lines of 90 characters or fewer (every test below that
    # reads them also asks for that length).
    marks = len(_SEG_SENTENCE.findall(text[:-1])) if len(text) <= 90 else 0
    bare = text.rstrip(_SEG_CLOSER_CHARS)
    ends_final = bare[-1:] in _SEG_FINAL
    if block.role is Role.PAGE_HEADER or (
        len(text) <= 40 and (_SEG_PAGE.match(text) or _seg_dated_furniture(text))
    ):
        return _SEG_PAGE_CUE
    if block.role is Role.DATELINE or _SEG_DATE.match(text):
        return _SEG_DATELINE_CUE
    if lead_text is None and not ends_final and text[-1:] in "：:" and len(text) <= 12:
        return _SEG_LABEL_CUE
    boxed = text[:1] in _SEG_BOXES or "bullet" in block.hints
    if lead_text is None and len(text) <= 90 and marks <= 1 and _SEG_CREDIT.search(text):
        return SegmentCue("credit", boxed=boxed)
    if lead_text is None and _seg_is_byline(text):
        return SegmentCue("byline", boxed=boxed)
    if block.level == 0 and _seg_is_names(text):
        return _SEG_NAMES_CUE
    if block.role in (Role.CAPTION, Role.CREDIT, Role.BYLINE):
        return SegmentCue(block.role.value if block.role is not Role.CREDIT else "credit")
    if "caption" in block.hints or (len(text) <= 80 and _SEG_CAPTION.search(text)):
        return _SEG_CAPTION_CUE
    short = len(text) <= 40 and marks == 0 and not ends_final
    headed = block.level > 0 or "bold" in block.hints
    if lead_text is None and (short or (headed and len(text) <= 60 and marks <= 1)):
        squeezed = _SEG_SPACE.sub("", text)
        return SegmentCue("heading", brief=squeezed in _seg_brief_words())
    if lead_text is None and jump_text is None:
        return _SEG_PARAGRAPH_CUE
    return SegmentCue("paragraph", lead=lead_text, jump=jump_text)


