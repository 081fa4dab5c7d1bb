"""cleantext: turn corrupted Chinese newspaper pages into clean text and separate articles.

>>> import cleantext
>>> cleantext.clean("第一段\\n\\n第二段")
'第一段\\n第二段'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .batch import clean_batch, iter_clean
from .blocks import Block, Role
from .characters import (
    Finding,
    convert_chinese,
    find_suspicious_chars,
    fix_encoding,
    normalize_width,
    remove_invisible_chars,
)
from .config import STEP_NAMES, Config
from .decoding import decode
from .dedup import drop_repeated_paragraphs, find_near_duplicates, remove_repeated_fragments
from .errors import (
    BinaryInputError,
    CleantextError,
    DecodeError,
    InputError,
    InputTooLargeError,
)
from .linewrap import flag_noise_lines, rejoin_wrapped_lines, strip_layout_markers
from .markup import decode_entities, repair_markup
from .pipeline import PIPELINE, Cleaner, Result, clean, clean_and_explain, split
from .punctuation import find_punctuation_problems, normalize_punctuation
from .review import review_html
from .segment import Article, Lacuna
from .spacing import collapse_letter_spacing, normalize_whitespace, remove_column_spaces
from .trace import Change, Edit, apply_edits, han_retention, replay

try:
    __version__ = version("cleantext-zh")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "PIPELINE",
    "STEP_NAMES",
    "Article",
    "BinaryInputError",
    "Block",
    "Change",
    "Cleaner",
    "CleantextError",
    "Config",
    "DecodeError",
    "Edit",
    "Finding",
    "InputError",
    "InputTooLargeError",
    "Lacuna",
    "Result",
    "Role",
    "__version__",
    "apply_edits",
    "clean",
    "clean_and_explain",
    "clean_batch",
    "collapse_letter_spacing",
    "convert_chinese",
    "decode",
    "decode_entities",
    "drop_repeated_paragraphs",
    "find_near_duplicates",
    "find_punctuation_problems",
    "find_suspicious_chars",
    "fix_encoding",
    "flag_noise_lines",
    "han_retention",
    "iter_clean",
    "normalize_punctuation",
    "normalize_whitespace",
    "normalize_width",
    "rejoin_wrapped_lines",
    "remove_column_spaces",
    "remove_invisible_chars",
    "remove_repeated_fragments",
    "repair_markup",
    "replay",
    "review_html",
    "split",
    "strip_layout_markers",
]
