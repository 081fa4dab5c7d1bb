"""Whole saved news pages: tell a page from a fragment, find the article, read its metadata.

:mod:`cleantext.markup` repairs the source first, then asks this module which of its blocks
are the article, and drops the others with reason ``boilerplate``. The rules that tell the
article from furniture (and the block matcher markup applies) are :mod:`cleantext.maincontent`'s,
shared with markup's own tree. Everything here takes the
already repaired HTML as a ``str`` (decoding the bytes is :mod:`cleantext.decoding`'s job).

Main content comes from two well-kept extractors, chosen by measurement on real Chinese news
pages (``benchmarks/webpages.py``, ``docs/webpages.md``): readability-lxml finds the article
container (it kept every reference paragraph of the development set, including short captions
and section heads), and trafilatura (``favor_recall``) vetoes the boilerplate readability lets
through inside that container (share bars, "recommended" boxes, comment forms, disclaimers).
A block readability keeps is dropped only when trafilatura does not have it either *and* it
looks like boilerplate (link text, a known site-furniture phrase), so a short caption that
trafilatura misses is still kept: precision beats recall only for text we are sure about.

>>> page = ("<html><head><title>标题_新闻网</title></head><body><div><a href='/'>首页</a></div>"
...         "<div><p>这是正文的第一段，内容很长很长很长。</p><p>这是正文的第二段。</p></div></body></html>")
>>> is_full_page(page), is_full_page("<p>片段一</p><p>片段二</p>")
(True, False)
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from typing import NamedTuple

import regex
from lxml import etree
from lxml import html as lxml_html

from .maincontent import main_content_matcher, select_article_texts

__all__ = [
    "is_full_page",
    "main_content_captions",
    "main_content_matcher",
    "main_content_texts",
    "page_metadata",
]

# Document-level markup that an article fragment (a copied body, seed 002) does not carry.
_DOC_MARKERS = regex.compile(
    r"<(?:!doctype\s+html|/?html[\s>]|/?head[\s>]|/?body[\s>]|title[\s>]|meta\s)", regex.I
)
# Page furniture: a cut page may have lost its <head> but still has these around the article.
_FURNITURE = regex.compile(r"<(nav|header|footer|script|iframe|form|ul|aside)[\s>]", regex.I)
_ANCHOR = regex.compile(r"<a\s", regex.I)
_XML_DECL = regex.compile(r"^\s*<\?xml[^>]*>", regex.I)
_WS = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")
# CSS Text 3 segment-break rule: a line break between two wide (East Asian) characters
# renders as nothing, so a wrap inside Chinese text must not become a space.
_WIDE_BREAK = regex.compile(r"(?<=[\p{Han}\p{InCJK_Symbols_and_Punctuation}\uff00-\uffef])"
                            r"[ \t\r]*\n\s*(?=[\p{Han}\p{InCJK_Symbols_and_Punctuation}\uff00-\uffef])")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th"}
    | {"table", "figcaption", "figure", "blockquote", "dd", "dt", "dl", "section", "article"}
    | {"header", "footer", "center", "pre", "hr"}
)
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "template", "textarea", "select", "button"}
)
# An editor/source credit line: ``责任编辑：张三``, ``(责编：甲、乙)``, ``来源：新华网``.
_CREDIT = regex.compile(
    r"^[(（\[【]?\s*(?:责任编辑|责编|编辑|审核|校对|监制|来源|稿源|作者)\s*[：:|｜]\s*\S.{0,38}$"
)
_CREDIT_REACH = 12
# After an image, a text is its caption if it says so (图为, 资料图, … 摄, 供图) within
# _MAX_CAPTION characters, or is very short (小温。 / 活动现场) and not a clause of a sentence.
_MAX_CAPTION = 80
_SHORT_CAPTION = 12
_CAPTION_WORDING = regex.compile(
    r"^(?:图为|图：|图:|资料图|▲|△|（图|\(图)|(?:摄|供图|图片来源.{0,20}|视频截图|截图)[）)]?$|\s摄\s"
)
# Below this many Han characters readability has not found an article, only a scrap.
_MIN_ARTICLE_HAN = 40

# readability-lxml and trafilatura log every page they find hard; that is not our user's news.
for _name in ("readability", "readability.readability", "trafilatura"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def is_full_page(html: str) -> bool:
    """Whether repaired HTML is a whole web page (not an article fragment).

    A page has document markup (``<html>``, ``<head>``, ``<title>``, ``<meta>``) or, if those
    were cut off, the furniture of one: scripts, lists, navigation and many links.

    >>> is_full_page("<!DOCTYPE html><html><body><p>正文</p></body></html>")
    True
    >>> is_full_page('<p style="x">正文一</p> <p>正文二</p>')
    False
    """
    if not isinstance(html, str):
        return False
    if _DOC_MARKERS.search(html):
        return True
    furniture = {m.group(1).lower() for m in _FURNITURE.finditer(html)}
    anchors = sum(1 for _ in zip(range(30), _ANCHOR.finditer(html), strict=False))
    return len(furniture) >= 3 and anchors >= 30


def _squash(text: str) -> str:
    return _WS.sub("", text)


class _Piece(NamedTuple):
    text: str
    link_share: float  # share of the text that is link text
    after_image: bool  # the first text after an image, or in a <figcaption>


def _block_texts(root: lxml_html.HtmlElement) -> Iterator[_Piece]:
    """The text of each block of ``root``, split where a browser breaks lines."""
    parts: list[str] = []
    linked = 0
    image_pending = False
    block_after_image = False

    def add(text: str, link: bool) -> None:
        nonlocal linked, image_pending, block_after_image
        if text.strip() and not "".join(parts).strip():
            block_after_image = image_pending
        if text.strip():
            image_pending = False
        parts.append(text)
        if link:
            linked += len(_squash(text))

    def flush() -> Iterator[_Piece]:
        nonlocal linked, block_after_image
        text = _WS.sub(" ", _WIDE_BREAK.sub("", "".join(parts))).strip()
        share = linked / max(1, len(_squash("".join(parts))))
        after_image = block_after_image
        parts.clear()
        linked = 0
        block_after_image = False
        if text:
            yield _Piece(text, share, after_image)

    def walk(el: lxml_html.HtmlElement, in_link: bool) -> Iterator[_Piece]:
        nonlocal image_pending, block_after_image
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "img":
            image_pending = True
        elif tag and tag not in _SKIP_TAGS:
            block = tag in _BLOCK_TAGS
            if block:
                yield from flush()
            if tag == "figcaption":
                image_pending = True
            link = in_link or tag == "a"
            if el.text:
                add(el.text, link)
            for child in el:
                yield from walk(child, link)
            if block:
                yield from flush()
        if el.tail:
            add(el.tail, in_link)

    yield from walk(root, False)
    yield from flush()


@functools.lru_cache(maxsize=4)
def _readability_blocks(html: str) -> tuple[_Piece, ...]:
    # Imported on first use: plain text and fragments never pay for the extractors.
    from readability import Document  # noqa: PLC0415

    summary = Document(html).summary(html_partial=True)
    if not summary:
        return ()
    root = lxml_html.fromstring(summary)
    return tuple(_block_texts(root))


def _trafilatura_text(html: str) -> str:
    import trafilatura  # noqa: PLC0415 - see _readability_blocks

    text = trafilatura.extract(
        html, favor_recall=True, include_comments=False, include_tables=True, deduplicate=False
    )
    return text or ""


def _prepare(html: str) -> str:
    # lxml refuses a str that still declares its byte encoding.
    return _XML_DECL.sub("", html, count=1)


def main_content_texts(html: str) -> list[str] | None:
    """The article's text blocks as a main-content extractor sees them; None if none found.

    Each text is one block of the page (paragraph, caption, byline, editor line …) with its
    whitespace collapsed to single spaces, in page order. ``None`` means "no article found:
    keep everything" — the caller must not drop text on a guess.

    >>> page = ("<html><body><ul><li><a href='/a'>首页</a></li><li><a href='/b'>国内</a></li></ul>"
    ...         "<div class='article'><p>新华社北京1月1日电 今天是新年的第一天，全国各地举行了"
    ...         "丰富多彩的庆祝活动，人们走上街头欢度节日。</p><p>责任编辑：张三</p></div>"
    ...         "<div class='footer'><a href='/about'>关于我们</a></div></body></html>")
    >>> main_content_texts(page)
    ['新华社北京1月1日电 今天是新年的第一天，全国各地举行了丰富多彩的庆祝活动，人们走上街头欢度节日。', '责任编辑：张三']
    """
    if not isinstance(html, str) or "<" not in html:
        return None
    pieces = _main_content(_prepare(html))
    return [p.text for p in pieces] if pieces else None


def main_content_captions(html: str) -> list[str]:
    """The texts of :func:`main_content_texts` that caption an image.

    A caption is the first text after an image in the article (or the text of a
    ``<figcaption>``) when it reads like one: ``图为…``, ``资料图：…``, ``… 摄``, ``…供图``
    (up to 80 characters), or very short and not a clause (``活动现场``, ``小花家。``). Markup and segmentation use this to
    give those blocks the caption role, which their wording alone often does not show
    (``小温。`` under a photo).

    >>> page = ("<html><body><div><p>" + "正文内容很长。" * 10 + "</p>"
    ...         "<p><img src='a.jpg'></p><p>活动现场</p><p>" + "第二段正文。" * 10 + "</p>"
    ...         "</div></body></html>")
    >>> main_content_captions(page)
    ['活动现场']
    """
    if not isinstance(html, str) or "<" not in html:
        return []
    pieces = _main_content(_prepare(html)) or ()
    return [p.text for p in pieces if p.after_image and _is_caption_like(p.text)]


def _is_caption_like(text: str) -> bool:
    if len(text) > _MAX_CAPTION or not _HAN.search(text) or text.endswith(("：", ":")):
        return False
    return bool(_CAPTION_WORDING.search(text)) or (
        len(text) <= _SHORT_CAPTION and not regex.search(r"[，,：:；;]", text)
    )


@functools.lru_cache(maxsize=4)
def _main_content(html: str) -> tuple[_Piece, ...] | None:
    try:
        blocks = _readability_blocks(html)
    except Exception:  # a third-party parser on untrusted input: no article
        return None
    if sum(len(_HAN.findall(p.text)) for p in blocks) < _MIN_ARTICLE_HAN:
        return None
    try:
        vetoer = _squash(_trafilatura_text(html))
    except Exception:  # without a second opinion, keep readability's blocks
        vetoer = ""
    chosen = select_article_texts(
        [p.text for p in blocks], link_shares=[p.link_share for p in blocks], vetoer=vetoer
    )
    kept = [blocks[i] for i in chosen]
    if kept:
        kept.extend(_Piece(t, 0.0, False) for t in _trailing_credits(html, [p.text for p in kept]))
    return tuple(kept) or None


def _trailing_credits(html: str, texts: list[str]) -> list[str]:
    """Editor and source lines just after the article that the extractor left outside it.

    Sites put ``责任编辑：``, ``来源：`` in a box of their own below the body; they belong to the
    article record (their roles are read later), so they are kept if they follow the last
    article block within a few blocks.
    """
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    page_blocks = [p.text for p in _block_texts(root)]
    last = _squash(texts[-1])
    ends = [i for i, t in enumerate(page_blocks) if _squash(t) == last]
    if not ends:
        return []
    kept = {_squash(t) for t in texts}
    found = []
    for text in page_blocks[ends[-1] + 1 : ends[-1] + 1 + _CREDIT_REACH]:
        if _CREDIT.match(text) and _squash(text) not in kept:
            found.append(text)
    return found


# --- metadata -----------------------------------------------------------------------------

_TITLE_SPLIT = regex.compile(r"[_|｜]|--|—|(?<=\s)-(?=\s)")
_DATE = regex.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
# A source or author stops at a space, a bracket or the next label (``来源：新华网作者：李四``).
_LABEL_END = r"(?=[\s|｜/（）()【】\[\],，。;；]|作者|编辑|责任|记者|来源|$)"
_SOURCE = regex.compile(r"(?:来源|稿源|出处)\s*[：:]\s*([\p{Han}A-Za-z·]{2,12}?)" + _LABEL_END)
_LABEL = regex.compile(r"^(?:来源|稿源|出处|作者)\s*[：:]\s*")
_AUTHOR = regex.compile(
    r"(?:作者|(?<!见习|实习|特约|首席|本报)记者)\s*[：:]\s*([\p{Han}·]{2,4}?)" + _LABEL_END
    + r"|(?:^|\s)(?:本报|新华社|见习|特约|首席)?记者\s*[ ]([\p{Han}·]{2,3})(?=[\s）)，,。]|$)"
)


def _meta_tags(root: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = _WS.sub(" ", content)
    return found


def _first_text(root: lxml_html.HtmlElement, tag: str) -> str:
    for el in root.iter(tag):
        text = _WS.sub(" ", el.text_content()).strip()
        if _HAN.search(text) or len(text) > 3:
            return text
    return ""


def _without_site_tail(title: str) -> str:
    """``标题-新华网`` → ``标题``: a short tail after the last hyphen is the site name.

    (String methods, not a lazy ``^(.{6,}?)…$`` pattern, which backtracks on long input.)
    """
    cut = max(title.rfind("-"), title.rfind("－"))
    if cut < 0:
        return title
    head, tail = title[:cut].rstrip(), title[cut + 1 :].strip()
    if len(head) >= 6 and 2 <= len(tail) <= 12 and not any(c.isspace() or c in "-－" for c in tail):
        return head
    return title


def _clean_title(title: str, site: str) -> str:
    """``<title>`` minus the site name: the longest ``_``/``|``/`` - `` part, or the first."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) <= 1:
        return _without_site_tail(title.strip())
    if site:
        kept = [p for p in parts if site not in p and p not in site]
        parts = kept or parts
    return max(parts, key=lambda p: (len(_HAN.findall(p)), -parts.index(p))).strip()


def page_metadata(html: str) -> dict[str, str]:
    """Title, date, source/site, author and URL of a page, where present.

    Keys, each only when found: ``title``, ``date`` (``YYYY-MM-DD`` or
    ``YYYY-MM-DD HH:MM``), ``source``, ``site``, ``author``, ``url``. Never raises.

    >>> meta = page_metadata('<html><head><title>华为发布新芯片_新浪科技_新浪网</title>'
    ...     '<meta property="og:url" content="https://tech.sina.com.cn/a.shtml"></head>'
    ...     '<body><h1>华为发布新芯片</h1><p>2019年09月07日 08:30 来源：北京晚报</p></body></html>')
    >>> meta["title"], meta["date"], meta["source"], meta["url"]
    ('华为发布新芯片', '2019-09-07 08:30', '北京晚报', 'https://tech.sina.com.cn/a.shtml')
    """
    out: dict[str, str] = {}
    if not isinstance(html, str) or "<" not in html:
        return out
    try:
        root = lxml_html.fromstring(_prepare(html))
    except (etree.ParserError, ValueError):
        return out
    for bad in root.iter("script", "style", "noscript"):
        bad.text = ""
    metas = _meta_tags(root)
    site = metas.get("og:site_name", "")
    if site:
        out["site"] = site
    title_tag = _first_text(root, "title")
    h1 = _first_text(root, "h1")
    og_title = metas.get("og:title", "")
    candidates = [h1, og_title, _clean_title(title_tag, site) if title_tag else ""]
    # An <h1> is often the site logo: trust it when the <title> agrees with it.
    title = ""
    if h1 and (not title_tag or h1 in title_tag or _squash(h1) in _squash(title_tag)):
        title = h1
    else:
        title = next((c for c in candidates[1:] if c), h1)
    if title:
        out["title"] = title
    url = metas.get("og:url") or ""
    if not url:
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                url = link.get("href", "")
                break
    if url.startswith(("http://", "https://")):
        out["url"] = url
    body_text = _WS.sub(" ", " ".join(t for t in root.itertext() if isinstance(t, str)))
    date = ""
    for key in ("article:published_time", "publishdate", "pubdate", "publish_time", "date"):
        if key in metas:
            date = _format_date(metas[key])
            if date:
                break
    if not date:
        # The first full date after the title in the page text is the article's date line.
        at = body_text.find(title) if title else -1
        date = _format_date(body_text[at + len(title) :] if at >= 0 else body_text)
    if date:
        out["date"] = date
    source = _LABEL.sub("", metas.get("source") or metas.get("article:source") or "")
    if not source:
        m = _SOURCE.search(body_text)
        source = m.group(1) if m else ""
    if source:
        out["source"] = source
    # A <meta name=author> on Chinese news sites is mostly the site's own name: trust a byline.
    author = metas.get("article:author") or ""
    if not author:
        m = _AUTHOR.search(body_text)
        author = (m.group(1) or m.group(2)) if m else ""
    if author and _HAN.search(author) and not author.startswith("http"):
        out["author"] = author
    return out


def _format_date(text: str) -> str:
    m = _DATE.search(text)
    if not m:
        return ""
    year, month, day, hour, minute = (m.group(i) for i in range(1, 6))
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return ""
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None and int(hour) < 24:
        date += f" {int(hour):02d}:{minute}"
    return date
