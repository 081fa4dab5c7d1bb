"""Every option of the pipeline, in one frozen, documented dataclass.

Each step of the pipeline has a boolean field of the same name that turns it on or off; the
step's own options are fields too, named like the step's keyword arguments, so the pipeline
passes them by name. The defaults are safe for Chinese news text: nothing that might be a real
separator, a real repetition or a real character is removed.

>>> Config().normalize_punctuation
True
>>> Config(rejoin_wrapped_lines=False).replace(convert_chinese=True).convert_chinese
True
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["STEP_NAMES", "Config"]

#: The pipeline's steps, in the order they run (see :mod:`cleantext.pipeline` for why).
STEP_NAMES: tuple[str, ...] = (
    "repair_markup",
    "fix_encoding",
    "decode_entities",
    "remove_invisible_chars",
    "normalize_width",
    "strip_layout_markers",
    "normalize_punctuation",
    "normalize_whitespace",
    "collapse_letter_spacing",
    "rejoin_wrapped_lines",
    "remove_column_spaces",
    "remove_repeated_fragments",
    "drop_repeated_paragraphs",
    "flag_noise_lines",
    "convert_chinese",
    "separate_articles",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Options of :class:`cleantext.Cleaner`. Frozen: use :meth:`replace` to derive one."""

    # --- steps: one switch each, named like the step function -------------------------------
    repair_markup: bool = True
    """Repair hard-wrapped, cut HTML source and turn it into lines (plain text is untouched)."""
    fix_encoding: bool = True
    """Repair mojibake with ftfy, never touching Chinese punctuation or character width."""
    decode_entities: bool = True
    """Decode HTML entities left in text (split, missing ``;``, double-escaped)."""
    remove_invisible_chars: bool = True
    """Remove zero-width characters, BOMs, soft hyphens and control characters."""
    normalize_width: bool = True
    """Full-width digits and Latin letters to half-width (``２０２５`` → ``2025``)."""
    strip_layout_markers: bool = True
    """Move markdown and layout markers (``#``, ``**``, ``□``) from the text into the line's role."""
    normalize_whitespace: bool = True
    """Trim lines, drop blank ones, unify odd spaces, drop spaces beside Chinese punctuation."""
    collapse_letter_spacing: bool = True
    """Close up letter-spaced runs (``首 席 记 者 龙 帆`` → ``首席记者 龙帆``)."""
    remove_column_spaces: bool = True
    """Remove spaces inserted at a fixed column period where columns were joined."""
    normalize_punctuation: bool = True
    """ASCII punctuation in Chinese context to full-width, quotes paired, ellipses and dashes."""
    rejoin_wrapped_lines: bool = True
    """Join a paragraph broken mid-sentence; never glue titles, bylines or captions on."""
    remove_repeated_fragments: bool = True
    """Remove a phrase or sentence repeated back to back by layout or OCR."""
    drop_repeated_paragraphs: bool = True
    """Remove a paragraph that repeats an earlier one on the same page."""
    flag_noise_lines: bool = True
    """Mark suspected OCR noise lines (reported, never deleted)."""
    convert_chinese: bool = False
    """Convert between Traditional and Simplified Chinese with OpenCC (see ``opencc_config``),
    once, exactly as OpenCC does. OpenCC's conversions are not idempotent, so with this on
    ``clean(clean(x)) == clean(x)`` is not guaranteed (it is with it off)."""
    separate_articles: bool = True
    """In ``clean`` output, put a blank line between the articles found on the page."""

    # --- repair_markup (owner: markup) -------------------------------------------------------
    extract: Literal["auto", "main", "all"] = "auto"
    """Full web pages: ``main`` keeps the article only, ``all`` every visible block,
    ``auto`` decides by whether the input is a whole page or a fragment."""

    # --- normalize_punctuation (owner: punctuation) ----------------------------------------
    corner_quotes: Literal["keep", "convert"] = "keep"
    """``「」『』``: keep them, or convert them to ``“”‘’``."""
    range_dash: Literal["keep", "em", "wave"] = "keep"
    """Dash of a number range (``2023-2027年``): ``keep`` the source's, ``em`` (``—``, GB/T 15834
    for time spans) or ``wave`` (``～``, for quantities). Only year ranges and ranges followed
    by a unit are touched."""

    # --- spacing and dedup steps (owner: spacing) ---------------------------------------------

    # --- layout markers, line joining, roles (owner: linewrap) -------------------------------
    line_model: str = ""
    """The learned line model that joining and segmentation ask (a file written by
    ``tools/train_roles.py``); empty: the model shipped with the package."""

    # --- segmentation (owner: segment) --------------------------------------------------------
    segment_model: bool = False
    """Split articles and assign roles by the learned line model (``line_model``) instead of the
    rules and cohesion limits below. On generated pages of publications it never saw it finds
    articles, titles and bylines better; on the seed pages, whose articles carry many inner
    headings, it splits too often. Off until it is as good on both
    (``benchmarks/generalization.py``)."""
    segment_heading_shift: float = 0.05
    """Lexical cohesion (TF-IDF cosine of Han bigrams, 0-1) between the text above and below a
    lone heading under which a new article starts; above it the heading is a section heading."""
    segment_headline_shift: float = 0.12
    """The same limit for a headline block (kicker and title) or a heading after a byline:
    stronger evidence of a new article, so a smaller topic change suffices."""
    segment_paragraph_shift: float = 0.018
    """Cohesion limit for a boundary between two plain paragraphs (a deep valley); 0 turns
    such boundaries off."""

    # --- convert_chinese ----------------------------------------------------------------------
    opencc_config: str = "t2s"
    """OpenCC configuration used when ``convert_chinese`` is on: any installed one (``t2s``,
    ``s2t``, ``t2tw``, ``tw2sp`` …, with or without ``.json``; see
    ``cleantext.characters.opencc_configs()``). An unknown name raises :class:`ValueError` when
    the step first runs."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in ("bool",) and not isinstance(value, bool):
                raise TypeError(f"Config.{f.name} must be a bool, not {type(value).__name__}")
            if f.type == "str" and not isinstance(value, str):
                raise TypeError(f"Config.{f.name} must be a str, not {type(value).__name__}")
            if f.type.startswith("Literal["):
                allowed = tuple(a.strip().strip("'\"") for a in f.type[8:-1].split(","))
                if value not in allowed:
                    raise ValueError(f"Config.{f.name} must be one of {allowed}, not {value!r}")

    def replace(self, **changes: Any) -> Config:
        """A copy with some fields changed; unknown names raise :class:`TypeError`."""
        return dataclasses.replace(self, **changes)

    def enabled(self, step: str) -> bool:
        """Whether the step ``step`` runs."""
        if step not in STEP_NAMES:
            raise ValueError(f"unknown step {step!r}")
        return bool(getattr(self, step))

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Read options from a TOML file (top-level keys, or a ``[cleantext]`` table).

        Unknown keys raise :class:`ValueError`, so a typo does not pass silently.
        """
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        if isinstance(data.get("cleantext"), dict):
            data = data["cleantext"]
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        """Build a config from a mapping of field names to values."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown option(s): {', '.join(unknown)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
