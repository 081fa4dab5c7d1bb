"""One main-content matcher: markup's tree and the web-page module apply the same rules."""

from __future__ import annotations

from cleantext import maincontent, webpage
from cleantext.markup import read_markup


def test_one_matcher_for_both_readers() -> None:
    assert webpage.main_content_matcher is maincontent.main_content_matcher


def test_markup_drops_what_maincontent_calls_furniture() -> None:
    body = "这是正文的一段，内容很长。" * 3
    for name in sorted(maincontent.FURNITURE_ELEMENTS - {"title", "iframe", "option"}):
        blocks, edits = read_markup(f"<{name}>栏目导航链接</{name}><p>{body}</p>", extract="all")
        assert [b.text for b in blocks] == [body], name
        assert any(e.reason == "boilerplate" for e in edits), name
    # … unless it holds the article (CONTAINER_HAN Han characters of paragraphs).
    long_body = "这是正文" * (maincontent.CONTAINER_HAN // 4)
    blocks, _ = read_markup(f"<form><p>{long_body}</p></form>", extract="all")
    assert [b.text for b in blocks] == [long_body]


def test_select_article_texts_is_the_webpage_filter() -> None:
    texts = [
        "正文第一段。",
        "分享到：微博",
        "免责声明",
        "本文仅代表作者观点",
        "正文第二段。",
        "相关阅读",
        "别的",
    ]
    assert list(maincontent.select_article_texts(texts)) == [0, 4]
    # The link-text veto needs a second opinion (``vetoer``) that lacks the block.
    texts = ["正文第一段。", "首页 国内 国际"]
    assert list(
        maincontent.select_article_texts(texts, link_shares=[0.0, 1.0], vetoer="正文第一段。")
    ) == [0]
    assert list(maincontent.select_article_texts(texts, link_shares=[0.0, 1.0])) == [0, 1]
