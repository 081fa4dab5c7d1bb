"""Cheap pre-checks stand in front of regex searches: each must be true wherever its patterns match.

The Python line measure (tests/reference/line_measure.py, the reference of the core's) skips a
search when a substring test says it cannot match (``"摄" in core`` before the
credit pattern …). The pre-checks restate what their patterns need; these tests generate texts
that each pattern matches (Hypothesis builds them from the pattern itself) and check the
pre-check on them, so that editing a pattern without its pre-check fails here instead of
silently losing matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cleantext import Block, roles
from cleantext.linewrap import continues_across, join_reason
from cleantext.roles import PageContext, surely_ends_final, text_features

from .reference import line_measure as reference_measure
from .reference import segment_cue as reference_cue

PAIRS = [
    (check, pattern)
    # (The pre-checks live on in the references of the line measure and segment_cue, and as
    # such in the core's rules.)
    for table in (reference_measure._PRECHECKS, reference_cue._SEG_PRECHECKS)
    for check, patterns in table
    for pattern in patterns
]


def _as_re(pattern: regex.Pattern[str]) -> re.Pattern[str]:
    """The pattern in ``re`` syntax, for Hypothesis to generate from (Han as a plain range).

    Only a generator: what is tested is the real ``regex`` pattern on the generated text.
    """
    source = pattern.pattern.replace("(?r)", "").replace(r"\p{Han}", "[一-龥]")
    return re.compile(source)


@pytest.mark.parametrize(
    ("check", "pattern"), PAIRS, ids=[f"{c.__name__}-{p.pattern[:24]}" for c, p in PAIRS]
)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_precheck_is_true_wherever_its_pattern_matches(
    check: Callable[[str], bool], pattern: regex.Pattern[str], data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(_as_re(pattern)))
    assume("\n" not in text)  # a block is one line
    # Around the match, text from the page's own alphabet (a pattern anchored at the start or
    # end may then not match: those draws are skipped, and Hypothesis fails the test if too
    # many are).
    before = data.draw(st.sampled_from(["", "本报记者 ", "。", " ", "（图为"]))
    after = data.draw(st.sampled_from(["", "。", " 摄", "）", "版"]))
    # Lines are measured stripped (so `$` never stands before a final line break).
    for candidate in (text.strip(), (before + text + after).strip()):
        if pattern.search(candidate):
            assert check(candidate), (check.__name__, pattern.pattern, candidate)
    assume(pattern.search(text.strip()) is not None)


def test_every_pattern_with_a_precheck_is_exercised() -> None:
    # The table is what the property test reads: the searches guarded in _measure_line and
    # segment_cue must all be in it.
    guarded = {p.pattern for _, p in PAIRS}
    for name in (
        "_HAN_SPACE_HAN",
        "_ATTRIBUTION_TAIL",
        "_LATIN_END",
        "_CREDIT",
        "_CAPTION",
        "_CAPTION_CREDIT",
        "_JUMP",
        "_JUMP_LINE",
        "_BRIEF",
        "_MARKUP_DEBRIS",
        "_SUBTITLE",
    ):
        assert getattr(reference_measure, name).pattern in guarded, name
    for name in ("_SEG_JUMP", "_SEG_LEAD"):
        assert getattr(reference_cue, name).pattern in guarded, name


def test_a_broken_precheck_is_caught() -> None:
    # The generator reaches matches that a narrower pre-check misses: a credit that ends in
    # `供图` holds neither `摄` nor `采写`, and only `图` lets it through.
    credit = "重庆市生态环境局供图"
    assert reference_measure._CREDIT.search(credit)
    assert "摄" not in credit
    assert "采写" not in credit
    assert reference_measure._may_credit(credit)


_LINE = st.lists(
    st.sampled_from([*"重庆发展推动，。！？!?.;…”’）)」』》 1a—", "记者 张三", "（上接1版）"]),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LINE)
def test_surely_ends_final_only_when_the_measure_says_so(text: str) -> None:
    stripped = text.strip()
    if surely_ends_final(stripped):
        assert text_features(stripped).ends_final


@settings(max_examples=500, deadline=None)
@given(_LINE, _LINE)
def test_continues_across_is_join_reason_without_a_page(prev: str, nxt: str) -> None:
    # The shortcut for lines that end a sentence gives join_reason's answer.
    full = join_reason(text_features(prev), text_features(nxt), PageContext()) is not None
    assert continues_across(prev, nxt) is full


def test_line_features_stay_immutable() -> None:
    f = roles.line_features(Block("推动绿色发展。"))
    with pytest.raises(AttributeError):
        f.width = 3  # type: ignore[misc]
