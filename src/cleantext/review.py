"""The review report: one self-contained HTML page showing what the cleaner did to a page.

People who clean a corpus audit it by looking. :func:`review_html` renders one page: a
summary (Han characters in and out, changes per step, lacunae, noise lines kept), the cleaned
page as articles with every block labelled by its role, every change of the trace in place on
the text its step saw (removed text struck through, inserted text marked, step and reason on
hover and as text for screen readers), and the input beside the output. :func:`review_index`
lists many reports in one table.

The report is a contract for tools: each change is an element ``class="change"`` with
``data-step``, one per change in the trace; each article a ``<section class="article">``; each
block carries ``data-role``. The input is hostile (saved web pages carry scripts and event
handlers): everything taken from it is escaped, and the page forbids every script and every
fetch with a Content-Security-Policy. It has no script of its own (the input/output toggle is a
``<details>`` element) and no external resource.

>>> report = review_html("你好,世界", name="page.txt")
>>> report.count('class="change"'), "<script" in report
(1, False)
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from .blocks import LACUNA_AFTER, LACUNA_BEFORE, Block, Role
from .config import STEP_NAMES, Config
from .pipeline import Cleaner, Result
from .segment import Article
from .trace import Change, Edit, apply_edits

__all__ = ["CSP", "PageReview", "review_html", "review_index", "review_page"]

#: The report's Content-Security-Policy: no script at all, no fetch, inline styles only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

#: Characters of unchanged text shown on each side of a change.
CONTEXT = 20

_STEP_ORDER = {name: i for i, name in enumerate(STEP_NAMES)}

# Whitespace and invisible characters are what many steps remove; shown as is, a struck-through
# space is invisible. These stand-ins make them visible (the originals are in the trace).
_VISIBLE = {
    " ": "␣",
    "\u3000": "□",
    "\t": "⇥",
    "\n": "↵",
    "\r": "␍",
    "\xa0": "⍽",
}


@dataclass(frozen=True, slots=True)
class PageReview:
    """A page's report and the figures :func:`review_index` shows for it.

    ``changes`` holds ``(step, count)`` pairs in pipeline order.
    """

    name: str
    html: str
    han_in: int
    han_out: int
    articles: int
    changes: tuple[tuple[str, int], ...]
    lacunae: int
    noise: int

    @property
    def retention(self) -> float:
        """Han characters out over Han characters in (1.0 for none in)."""
        return self.han_out / self.han_in if self.han_in else 1.0

    @property
    def total_changes(self) -> int:
        return sum(n for _, n in self.changes)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _visible(text: str) -> str:
    """``text`` escaped, with whitespace and invisible characters shown as marked stand-ins."""
    out: list[str] = []
    for ch in text:
        if ch in _VISIBLE:
            out.append(f'<span class="ws">{_VISIBLE[ch]}</span>')
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"):
            out.append(f'<span class="ws">U+{ord(ch):04X}</span>')
        else:
            out.append(_e(ch))
    return "".join(out)


def _context(text: str) -> str:
    """Unchanged text: escaped, line ends marked and kept."""
    return _e(text).replace("\n", '<span class="ws">↵</span>\n')


def _change(c: Change) -> str:
    label = f"{c.step}: {c.reason}"
    parts = [f'<span class="change" data-step="{_e(c.step)}" title="{_e(label)}">']
    if c.before:
        parts.append(f"<del>{_visible(c.before)}</del>")
    if c.after:
        parts.append(f"<ins>{_visible(c.after)}</ins>")
    parts.append(
        f'<span class="sr"> (removed {len(c.before)}, inserted {len(c.after)} characters; '
        f"{_e(label)})</span></span>"
    )
    return "".join(parts)


def _groups(raw: str, changes: Sequence[Change]) -> list[tuple[str, str, list[Change]]]:
    """The trace cut into runs of one step, each with the text that run was recorded on."""
    out: list[tuple[str, str, list[Change]]] = []
    text = raw
    i = 0
    while i < len(changes):
        j = i
        while j < len(changes) and changes[j].step == changes[i].step:
            j += 1
        group = list(changes[i:j])
        out.append((changes[i].step, text, group))
        text = apply_edits(text, (Edit(c.start, c.end, c.after, c.reason) for c in group))
        i = j
    return out


def _hunks(source: str, changes: Sequence[Change]) -> list[tuple[int, int, list[Change]]]:
    """Changes close enough to share their context, as ``(start, end, changes)`` of ``source``."""
    hunks: list[tuple[int, int, list[Change]]] = []
    for c in changes:
        if hunks and c.start - hunks[-1][1] <= 2 * CONTEXT:
            start, end, members = hunks[-1]
            members.append(c)
            hunks[-1] = (start, max(end, c.end), members)
        else:
            hunks.append((c.start, c.end, [c]))
    return hunks


def _render_hunks(source: str, changes: Sequence[Change]) -> Iterable[str]:
    line, counted = 1, 0
    for start, end, members in _hunks(source, changes):
        # Line numbers counted on from the last hunk: a count from 0 each time is quadratic.
        line += source.count("\n", counted, start)
        counted = start
        yield _render_hunk(source, start, end, members, line)


def _render_hunk(source: str, start: int, end: int, members: Sequence[Change], line: int) -> str:
    lo, hi = max(0, start - CONTEXT), min(len(source), end + CONTEXT)
    parts = [
        f'<div class="hunk"><div class="at">line {line}, offset {start}</div><pre>',
        "…" if lo > 0 else "",
        _context(source[lo:start]),
    ]
    pos = start
    for c in members:
        parts.append(_context(source[pos : c.start]))
        parts.append(_change(c))
        pos = c.end
    parts.append(_context(source[pos:hi]))
    parts.append("…" if hi < len(source) else "")
    parts.append("</pre></div>")
    return "".join(parts)


def _steps_section(raw: str, changes: Sequence[Change]) -> str:
    groups = _groups(raw, changes)
    by_step: dict[str, list[tuple[str, list[Change]]]] = {}
    for step, source, group in groups:
        by_step.setdefault(step, []).append((source, group))
    if not by_step:
        return '<section id="changes"><h2>Changes</h2><p>The cleaner changed nothing.</p></section>'
    parts = ['<section id="changes"><h2>Changes, step by step</h2>',
             '<p class="note">Each change is shown in place on the text its step received, with '
             f"{CONTEXT} characters on each side: <del>removed</del> <ins>inserted</ins>; "
             "hover for the reason. ␣ space, □ ideographic space, ↵ line end.</p>"]
    for step in sorted(by_step, key=lambda s: _STEP_ORDER.get(s, len(_STEP_ORDER))):
        runs = by_step[step]
        n = sum(len(g) for _, g in runs)
        reasons = Counter(c.reason for _, g in runs for c in g)
        top = ", ".join(f"{_e(r)} ×{k}" for r, k in reasons.most_common(4))
        more = f", {len(reasons) - 4} more reasons" if len(reasons) > 4 else ""
        parts.append(
            f'<section class="step" id="step-{_e(step)}" data-step="{_e(step)}">'
            f"<h3>{_e(step)} <small>{n} change{'s' if n != 1 else ''}</small></h3>"
            f'<p class="reasons">{top}{more}</p>'
        )
        for k, (source, group) in enumerate(runs, 1):
            if len(runs) > 1:
                parts.append(f'<h4>run {k} of {len(runs)} ({len(group)} changes)</h4>')
            parts.extend(_render_hunks(source, group))
        parts.append("</section>")
    parts.append("</section>")
    return "".join(parts)


def _block(block: Block, prev: Block | None, next_block: Block | None) -> str:
    role = block.role.value
    if not block.text:
        # An empty line inside an article: where the source lost text (a lacuna: the lines
        # around it carry the hints) or a mere blank.
        lost = (LACUNA_AFTER in block.hints or LACUNA_BEFORE in block.hints
                or (prev is not None and LACUNA_AFTER in prev.hints)
                or (next_block is not None and LACUNA_BEFORE in next_block.hints))
        note = "the source lost text here" if lost else "blank line"
        return (f'<div class="block gap" data-role="{_e(role)}"><span class="role">{_e(role)}'
                f'</span><p class="text">⋯ {note} ⋯</p></div>')
    level = f" h{block.level}" if block.level else ""
    # Suspected noise is reported whatever role the line has (see Article.noise).
    noisy = block.role is Role.NOISE or "noise" in block.hints
    kind, flag = ("block noisy", "<br>suspected noise") if noisy else ("block", "")
    out = (f'<div class="{kind}" data-role="{_e(role)}"><span class="role">{_e(role)}{level}'
           f'{flag}</span><p class="text">{_e(block.text)}</p></div>')
    if LACUNA_AFTER in block.hints and (next_block is None or next_block.text):
        out += '<div class="lost">⋯ the source lost text here ⋯</div>'
    return out


def _article(article: Article, index: int, total: int) -> str:
    kind = "page furniture" if article.kind == "page" else "article"
    facts = [f"{len(article.blocks)} blocks", f"input {article.start}–{article.end}"]
    if article.lacunae:
        facts.append(f"{len(article.lacunae)} lacunae")
    if article.noise:
        facts.append(f"{len(article.noise)} noise lines kept")
    meta = "".join(
        f"<dt>{label}</dt><dd>{_e(value)}</dd>"
        for label, value in (("url", article.url), ("date", article.date),
                             ("source", article.source), ("author", article.author))
        if value
    )
    heading = _e(article.title) if article.title else "<i>no title</i>"
    blocks = article.blocks
    body = "".join(
        _block(b, blocks[i - 1] if i else None, blocks[i + 1] if i + 1 < len(blocks) else None)
        for i, b in enumerate(blocks)
    )
    return (
        f'<section class="article" id="article-{index}" data-kind="{_e(article.kind)}">'
        f'<h3><span class="n">{kind} {index} of {total}</span> {heading}</h3>'
        f'<p class="facts">{" · ".join(facts)}</p>'
        + (f"<dl>{meta}</dl>" if meta else "")
        + body
        + "</section>"
    )


def _summary(result: Result, counts: Sequence[tuple[str, int]], lacunae: int, noise: int) -> str:
    rows = "".join(
        f'<tr><td><a href="#step-{_e(step)}">{_e(step)}</a></td><td class="num">{n}</td></tr>'
        for step, n in counts
    )
    low = ' class="warn"' if result.retention < 0.99 else ""
    return (
        '<section id="summary"><h2>Summary</h2><div class="cards">'
        f'<div{low}><b>{result.retention:.2%}</b>Han characters kept<br>'
        f"{result.han_in} in, {result.han_out} out</div>"
        f"<div><b>{len(result.articles)}</b>articles</div>"
        f"<div><b>{len(result.changes)}</b>changes</div>"
        f'<div{" class=warn" if lacunae else ""}><b>{lacunae}</b>lacunae (text the source lost)</div>'
        f'<div{" class=warn" if noise else ""}><b>{noise}</b>suspected noise lines kept</div>'
        "</div>"
        + (f'<table class="counts"><thead><tr><th>step</th><th>changes</th></tr></thead>'
           f"<tbody>{rows}</tbody></table>" if rows else "")
        + "</section>"
    )


def _side_by_side(raw: str, output: str) -> str:
    return (
        '<section id="input-output"><h2>Input and output</h2>'
        "<details><summary>Show the input beside the output</summary>"
        # Not <pre>: an HTML parser drops a line end just after <pre>, and a page may start
        # with one.
        '<div class="cols"><div><h3>input</h3><div class="page">' + _e(raw) + "</div></div>"
        '<div><h3>output</h3><div class="page">' + _e(output) + "</div></div></div>"
        "</details></section>"
    )


def _counts(changes: Iterable[Change]) -> tuple[tuple[str, int], ...]:
    counts = Counter(c.step for c in changes)
    return tuple(sorted(counts.items(), key=lambda kv: _STEP_ORDER.get(kv[0], len(_STEP_ORDER))))


def review_page(raw: str, *, config: Config | None = None, name: str | None = None) -> PageReview:
    """Clean ``raw`` with its trace and render the report, with the figures of the index.

    >>> review_page("你好,世界").changes
    (('normalize_punctuation', 1),)
    """
    if not isinstance(raw, str):
        raise TypeError(f"expected a str, not {type(raw).__name__}")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    result = Cleaner(config).run(raw, trace=True)
    title = name if name else "page"
    counts = _counts(result.changes)
    lacunae = sum(len(a.lacunae) for a in result.articles)
    noise = sum(len(a.noise) for a in result.articles)
    articles = "".join(
        _article(a, i, len(result.articles)) for i, a in enumerate(result.articles, 1)
    )
    body = (
        f"<header><h1>cleantext review <span>{_e(title)}</span></h1>"
        '<nav><a href="#summary">summary</a> · <a href="#articles">articles</a> · '
        '<a href="#changes">changes</a> · <a href="#input-output">input and output</a></nav>'
        "</header><main>"
        + _summary(result, counts, lacunae, noise)
        + f'<section id="articles"><h2>The cleaned page: {len(result.articles)} '
        f"article{'s' if len(result.articles) != 1 else ''}</h2>{articles}</section>"
        + _steps_section(raw, result.changes)
        + _side_by_side(raw, result.text)
        + "</main>"
    )
    return PageReview(
        name=title,
        html=_document(f"cleantext review · {title}", body),
        han_in=result.han_in,
        han_out=result.han_out,
        articles=len(result.articles),
        changes=counts,
        lacunae=lacunae,
        noise=noise,
    )


def review_html(raw: str, *, config: Config | None = None, name: str | None = None) -> str:
    """The HTML review report of one page (a pure function of its arguments).

    >>> '<section class="article"' in review_html("标题\\n正文。")
    True
    """
    return review_page(raw, config=config, name=name).html


def review_index(pages: Sequence[tuple[PageReview, str]], *, title: str = "cleantext review") -> str:
    """One table row per page: name (a link to ``href``), articles, Han retention, changes by
    step, lacunae, noise lines. ``href`` is a path relative to the index.

    >>> "<table" in review_index([(review_page("你好,世界", name="a.txt"), "a.html")])
    True
    """
    steps = sorted({s for page, _ in pages for s, _ in page.changes},
                   key=lambda s: _STEP_ORDER.get(s, len(_STEP_ORDER)))
    head = "".join(f"<th>{_e(s).replace('_', '_<wbr>')}</th>" for s in steps)
    rows: list[str] = []
    for page, href in pages:
        counts = dict(page.changes)
        cells = "".join(f'<td class="num">{counts.get(s, "")}</td>' for s in steps)
        low = " warn" if page.retention < 0.99 else ""
        rows.append(
            f'<tr><td class="name"><a href="./{_e(quote(href))}">{_e(page.name)}</a></td>'
            f'<td class="num">{page.articles}</td><td class="num{low}">{page.retention:.2%}</td>'
            f'<td class="num">{page.total_changes}</td>{cells}'
            f'<td class="num">{page.lacunae}</td><td class="num">{page.noise}</td></tr>'
        )
    body = (
        f"<header><h1>{_e(title)} <span>{len(pages)} pages</span></h1></header><main>"
        '<div class="wide"><table class="index"><thead><tr><th>page</th><th>articles</th><th>Han kept</th>'
        f"<th>changes</th>{head}<th>lacunae</th><th>noise lines</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></main>"
    )
    return _document(title, body)


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hans"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>{body}</body></html>\n"
    )


_CSS = """
:root{color-scheme:light;--ink:#1d1d1f;--mute:#6b6b70;--line:#d8d8dc;--bg:#fafafa;
--del:#ffe1e1;--delink:#a3101b;--ins:#dcf5dc;--insink:#0b6b1f;--warn:#fff1c2}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.6;font-size:15px;
font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",
"Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans",system-ui,sans-serif}
header{background:#22303c;color:#fff;padding:.8rem 1.5rem}
header h1{margin:0;font-size:1.25rem;font-weight:600}
header h1 span{font-weight:400;opacity:.8;margin-left:.6em;word-break:break-all}
header nav a{color:#cfe3ff;font-size:.9rem}
main{max-width:78rem;margin:0 auto;padding:0 1.5rem 3rem}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.cards div{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;
min-width:9rem;color:var(--mute);font-size:.85rem}
.cards b{display:block;color:var(--ink);font-size:1.35rem}
.cards .warn,td.warn{background:var(--warn)}
table{border-collapse:collapse;margin-top:.8rem;background:#fff}
th,td{border:1px solid var(--line);padding:.2rem .6rem;text-align:left;font-size:.88rem;
vertical-align:top}
th{background:#eef0f3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.article{background:#fff;border:1px solid var(--line);border-left:4px solid #3a6ea5;
border-radius:6px;padding:.6rem 1rem .8rem;margin:0 0 1rem}
.article[data-kind=page]{border-left-color:#999}
.article h3{margin:.2rem 0;font-size:1.05rem}
.article h3 .n{font-size:.75rem;font-weight:400;color:var(--mute);text-transform:uppercase;
margin-right:.5em}
.facts{margin:0 0 .4rem;color:var(--mute);font-size:.8rem}
dl{display:grid;grid-template-columns:6rem 1fr;margin:.2rem 0 .5rem;font-size:.85rem}
dt{color:var(--mute)}dd{margin:0;word-break:break-all}
.block{display:grid;grid-template-columns:7.5rem 1fr;gap:.6rem;padding:.15rem 0;
border-top:1px dotted #e6e6ea}
.block .role{font-size:.72rem;color:var(--mute);font-family:ui-monospace,monospace;
padding-top:.25rem;text-align:right}
.block .text{margin:0}
.block[data-role=title] .text{font-size:1.2rem;font-weight:700}
.block[data-role=subtitle] .text{font-weight:600;color:#333}
.block[data-role=kicker] .text{color:#a3101b;font-weight:600;font-size:.9rem}
.block[data-role=heading] .text{font-weight:700}
.block[data-role=byline] .text,.block[data-role=dateline] .text,.block[data-role=credit] .text,
.block[data-role=editor] .text,.block[data-role=source] .text{color:#44546a;font-size:.9rem}
.block[data-role=caption] .text{font-size:.9rem;background:#f1f4f8;padding:0 .4rem}
.block[data-role=jump] .text{font-style:italic;color:var(--mute)}
.block.noisy .text{background:var(--warn);outline:1px dashed #c99a00}
.block.noisy .role{color:#8a6500;font-weight:700}
.block.gap .text,.lost{color:#a3101b;font-size:.85rem;font-style:italic}
.lost{margin-left:8.1rem}
.step{margin-bottom:1.2rem}
.step h3{font-family:ui-monospace,monospace;font-size:1rem;margin:.8rem 0 .1rem}
.step h3 small{font-family:inherit;color:var(--mute);font-weight:400}
.step h4{font-size:.85rem;color:var(--mute);margin:.4rem 0}
.reasons,.note{color:var(--mute);font-size:.82rem;margin:.1rem 0 .4rem}
.hunk{background:#fff;border:1px solid var(--line);border-radius:4px;margin:.25rem 0;
display:grid;grid-template-columns:7rem 1fr}
.hunk .at{font-size:.72rem;color:var(--mute);padding:.3rem .4rem;border-right:1px solid var(--line);
font-family:ui-monospace,monospace}
pre,.page{margin:0;padding:.25rem .5rem;white-space:pre-wrap;word-break:break-all;font-size:.9rem;
font-family:"Noto Sans Mono CJK SC","Noto Sans CJK SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",ui-monospace,monospace}
del{padding:0 1px;background:var(--del);color:var(--delink);text-decoration:line-through 2px}
ins{padding:0 1px;background:var(--ins);color:var(--insink);text-decoration:underline 2px}
.change{border-radius:2px;cursor:help}
.change:hover{outline:2px solid #3a6ea5}
.ws{color:#8a8a90;font-size:.8em}
del .ws{color:var(--delink)}ins .ws{color:var(--insink)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
clip-path:inset(50%);white-space:nowrap}
details summary{cursor:pointer;color:#3a6ea5;font-weight:600}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.cols h3{font-size:.9rem;margin:.6rem 0 .2rem;color:var(--mute)}
div.page{background:#fff;border:1px solid var(--line);max-height:80vh;overflow:auto}
.wide{overflow-x:auto}table.index th{font-size:.72rem;padding:.2rem .35rem}
table.index td.name{word-break:break-all;min-width:10rem}
@media (max-width:48rem){.cols{grid-template-columns:1fr}.block{grid-template-columns:1fr}
.block .role{text-align:left}.lost{margin-left:0}}
@media print{body{background:#fff;font-size:11pt}header{background:none;color:#000;
border-bottom:2px solid #000}header nav{display:none}header h1 span{opacity:1}
.article,.hunk{break-inside:avoid}div.page{max-height:none;overflow:visible}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
