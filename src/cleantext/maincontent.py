"""What is the article and what is page furniture: the one main-content matcher.

Two readers of a page ask this: :mod:`cleantext.markup` (its tree drops furniture elements
and, on a whole page, every block that is not one of the article's texts) and
:mod:`cleantext.webpage` (it filters the blocks the extractors found). Every rule that decides
"article or furniture" is here, so that both apply the same ones:

- *elements*: ``<nav>``, ``<aside>``, ``<form>`` … (and ``role="navigation"``) are furniture
  unless they hold 200+ Han characters of article blocks (a whole body inside an ASP.NET
  ``<form>``); a ``<header>``/``<footer>`` outside ``<article>``/``<main>`` is furniture;
- *block texts*: site furniture phrases (``分享到``, ``返回首页`` …), a disclaimer and the block
  after it, everything after a "related articles" heading, link lists the second extractor
  does not have;
- *matching*: whether a block (as markup split it) is one of the article's texts.

>>> is_furniture_element("nav", None), is_furniture_element("div", "navigation")
(True, True)
>>> holds_article(250), furniture_outside_article({"footer", "div"})
(True, True)
>>> list(select_article_texts(["正文第一段。", "分享到：", "相关阅读", "别的文章"]))
[0]
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

import regex

__all__ = [
    "ARTICLE_BLOCKS",
    "CONTAINER_HAN",
    "FURNITURE_ELEMENTS",
    "furniture_outside_article",
    "holds_article",
    "is_furniture_element",
    "main_content_matcher",
    "select_article_texts",
]

# --- elements --------------------------------------------------------------------------------
#: Elements of page furniture (``<head>`` is not one: text inside it is only in the ``<title>``,
#: a script or a style, unless its end was lost and the page runs on inside it).
FURNITURE_ELEMENTS = frozenset(
    {"title", "nav", "aside", "form", "button", "select", "option", "iframe", "menu"}
)
#: Paragraph text that makes a furniture element a container of the article.
ARTICLE_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "article"))
#: Han characters of article blocks above which a furniture element holds the article.
CONTAINER_HAN = 200


def is_furniture_element(name: str, role: str | None) -> bool:
    """Whether an element named ``name`` (with ARIA ``role``) is page furniture by its kind.

    >>> is_furniture_element("form", None), is_furniture_element("p", None)
    (True, False)
    """
    return name in FURNITURE_ELEMENTS or role == "navigation"


def holds_article(article_han: int) -> bool:
    """Whether a furniture element with ``article_han`` Han characters of paragraphs holds the
    article (a whole body inside an ASP.NET ``<form>``, a page whose ``</form>`` was lost).

    >>> holds_article(199), holds_article(200)
    (False, True)
    """
    return article_han >= CONTAINER_HAN


def furniture_outside_article(names: Collection[str]) -> bool:
    """Whether text under the elements ``names`` is in a site header or footer.

    >>> furniture_outside_article({"header", "p"}), furniture_outside_article({"footer", "article"})
    (True, False)
    """
    return (
        ("header" in names or "footer" in names) and "article" not in names and "main" not in names
    )


# --- block texts -------------------------------------------------------------------------------
_WS = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")
# Text that is site furniture whatever page it is on (a block made of such words is dropped
# only when trafilatura also left it out). Editor, source and byline lines are NOT here: they
# belong to the article and get their roles later.
_BOILERPLATE = regex.compile(
    r"^(?:(?:免责|特别)?声明(?:[：:].*)?|(?:您(?:所在|当前)的位置|当前位置)[：:].*|分享到.{0,20}"
    r"|扫描.{0,10}二维码.{0,20}|扫一扫.{0,20}|点击进入.{0,20}|【详细】|字号|评论[（(]\d+[)）]"
    r"|我要(?:跟帖|评论)|已输入\d+字|发表(?:评论)?|登录|注册|.{0,10}(?:APP|客户端)|微信公众号"
    r"|返回(?:首页|顶部)|【纠错】|【?打印本页】?|【?关闭窗口】?|\+1|(?:【\d+】)+"
    # WeChat public-account furniture copied along with the article.
    r"|.{0,6}回复【[^】]{1,10}】.{0,20}|点击.{0,6}菜单.{0,30}|.{0,10}点【?在看】?.{0,10})$",
    regex.I,
)
# A disclaimer heading: it and the block after it are the site's, not the article's.
_DISCLAIMER_HEAD = regex.compile(r"^(?:特别|免责)?声明[：:]?$")
# A heading after which a page lists other articles: nothing after it is this article's.
_RELATED = regex.compile(
    r"^(?:推荐阅读|相关阅读|相关新闻|相关文章|相关链接|延伸阅读|热门推荐|猜你喜欢|精彩推荐|热点推荐)[:：]?$"
)


def _squash(text: str) -> str:
    return _WS.sub("", text)


def _looks_like_boilerplate(text: str, link_share: float) -> bool:
    if link_share >= 0.5:
        return True
    # A block with no Han character and no digit (a lone icon label, "|") says nothing.
    return not _HAN.search(text) and not regex.search(r"\d", text)


def select_article_texts(
    texts: Iterable[str], *, link_shares: Iterable[float] | None = None, vetoer: str = ""
) -> Iterator[int]:
    """Indices of the ``texts`` (an extractor's blocks, in page order) that are the article's.

    Drops site furniture phrases, a disclaimer and the block after it, and everything from a
    "related articles" heading on. With ``vetoer`` (a second extractor's text, spaces removed),
    a block it does not have is dropped too when it is mostly link text (``link_shares``) or
    holds neither Han characters nor digits.

    >>> list(select_article_texts(["正文。", "声明：", "本文来自网络", "正文二。", "推荐阅读", "x"]))
    [0, 3]
    """
    shares = iter(link_shares) if link_shares is not None else None
    skip_next = False
    for i, text in enumerate(texts):
        share = next(shares, 0.0) if shares is not None else 0.0
        if _RELATED.match(text):
            return
        if skip_next or _DISCLAIMER_HEAD.match(text):
            skip_next = not skip_next
            continue
        if _BOILERPLATE.match(text):
            continue
        if vetoer and _squash(text) not in vetoer and _looks_like_boilerplate(text, share):
            continue
        yield i


# --- matching ----------------------------------------------------------------------------------
_INVISIBLE = regex.compile(r"[\s\u00a0\u200b-\u200d\u2060\u3000\ufeff]+")
# A block this short must equal a whole article text: "首页" inside a paragraph is no reason
# to keep a navigation link "首页".
_MIN_PARTIAL = 5
# A block holding a whole article text this long is the article's (markup grouped it with a
# neighbour the extractor split off); a shorter one (``图片``) proves nothing.
_MIN_HELD = 8


def _comparable(text: str) -> str:
    return _INVISIBLE.sub("", html_lib.unescape(text))


def main_content_matcher(texts: Sequence[str]) -> Callable[[str], bool]:
    """A test for the blocks of a page: does this block belong to the article?

    ``texts`` is what :func:`cleantext.webpage.main_content_texts` returned. A block matches
    when, entities decoded and every space removed, it is one of the texts, or (5 characters or
    more) a part of the texts run together, or holds a whole text of 8 characters or more — so
    a block that markup split or grouped differently still matches. A blank block always
    matches (there is nothing in it to drop). This is the one test :mod:`cleantext.markup`
    applies.

    >>> keep = main_content_matcher(["新华社北京电 今天&nbsp;是新年。", "责任编辑：张三"])
    >>> keep("新华社北京电 今天 是新年。"), keep("责任编辑： 张三"), keep("今天&nbsp;是新年")
    (True, True, True)
    >>> keep("图片 新华社北京电 今天是新年。 责任编辑：张三"), keep("首页"), keep("新华"), keep("")
    (True, False, False, True)
    """
    whole = {_comparable(t) for t in texts}
    joined = "".join(_comparable(t) for t in texts)
    long_texts = [t for t in whole if len(t) >= _MIN_HELD]

    def matches(block: str) -> bool:
        text = _comparable(block)
        if not text or text in whole:
            return True
        if len(text) >= _MIN_PARTIAL and text in joined:
            return True
        return len(text) > _MIN_HELD and any(t in text for t in long_texts)

    return matches
