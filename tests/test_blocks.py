"""apply_ops keeps its invariant: the edits turn the old text form into the new one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.blocks import Drop, Join, Op, TextEdit, apply_ops, blocks_from_text, render
from cleantext.trace import apply_edits


@st.composite
def page_and_ops(draw: st.DrawFn) -> tuple[str, list[Op]]:
    lines = draw(st.lists(st.text("ab 重庆，", max_size=6), min_size=1, max_size=8))
    ops: list[Op] = []
    busy: set[int] = set()
    for i, line in enumerate(lines):
        kind = draw(st.sampled_from(["none", "edit", "join", "drop"]))
        if kind == "edit" and line:
            a = draw(st.integers(0, len(line)))
            b = draw(st.integers(a, len(line)))
            ops.append(TextEdit(i, a, b, draw(st.text("x\n", max_size=2)), "t"))
            busy.add(i)
        elif kind == "join" and i < len(lines) - 1 and i not in busy:
            ops.append(Join(i, draw(st.sampled_from(["", " "])), "t"))
            busy |= {i, i + 1}
        elif kind == "drop" and i not in busy and (i - 1) not in busy:
            ops.append(Drop(i, "t"))
            busy.add(i)
    return "\n".join(lines), ops


@settings(max_examples=500, deadline=None)
@given(page_and_ops())
def test_apply_ops_edits_match_new_blocks(case: tuple[str, list[Op]]) -> None:
    text, ops = case
    blocks = blocks_from_text(text)
    new, edits = apply_ops(blocks, ops)
    assert apply_edits(render(blocks), edits) == render(new)


def test_drop_all_trailing_blank_lines() -> None:
    blocks = blocks_from_text("正文\n\n")
    new, edits = apply_ops(blocks, [Drop(1, "blank"), Drop(2, "blank")])
    assert render(new) == "正文"
    assert apply_edits("正文\n\n", edits) == "正文"
