"""Types of the compiled core (rust/src/lib.rs): private, used by the step wrappers."""

from collections.abc import Iterable

#: One edit on a line: start, end (code points), replacement, reason.
CoreEdit = tuple[int, int, str, str]

class PanicException(BaseException):
    """A panic in the core (a bug); the wrappers turn it into CleantextError."""

class InvisibleChars:
    def __init__(self, table: dict[str, str], line_spaces: str) -> None: ...
    def edits(self, text: str) -> list[CoreEdit]: ...

class WidthRules:
    def __init__(
        self, number_marks: str, word_marks: str, half_cjk: dict[str, str]
    ) -> None: ...
    def edits(self, text: str) -> list[CoreEdit]: ...

class LexerRules:
    """The markup lexer's vocabulary (lower-case ASCII names)."""

    def __init__(
        self, known_tags: list[str], raw_tags: list[str], css_attrs: list[str]
    ) -> None: ...

#: One token of the markup lexer: kind (text, tag, comment, raw), start, end (code points).
LexerToken = tuple[str, int, int]

class MarkupLexer:
    """The linear HTML lexer of one document, fed piece by piece (rust/src/lexer.rs)."""

    TEXT: int
    TAG: int
    DQ: int
    SQ: int
    COMMENT: int
    BOGUS: int
    RAW: int
    def __init__(self, rules: LexerRules) -> None: ...
    def feed(self, piece: str) -> None: ...
    def finish(self) -> None: ...
    @property
    def mode(self) -> int: ...
    @property
    def quote_attr(self) -> str: ...
    def pending_lt(self) -> bool: ...
    def tag_so_far(self) -> str: ...
    def quoted_so_far(self) -> str: ...
    def tokens(self) -> list[LexerToken]: ...

def han_ranges() -> list[tuple[int, int]]: ...
def word_ranges() -> list[tuple[int, int]]: ...
def _panic_for_test(*args: object) -> None: ...
def digit_ranges() -> list[tuple[int, int]]: ...

class Crf:
    """A linear-chain CRF of the line model (rust/src/crf.rs)."""

    def __init__(
        self,
        labels: list[str],
        transitions: list[list[float]],
        weights: dict[str, tuple[tuple[int, float], ...]],
    ) -> None: ...
    def decode(
        self, features: list[list[str]], require: dict[int, str] | None = None
    ) -> list[str]: ...
    def marginals(self, features: list[list[str]]) -> list[list[float]]: ...

def cue_tables() -> tuple[list[tuple[int, int]], list[int], list[int]]: ...

class CueRules:
    """The rules of roles.segment_cue (rust/src/cue.rs)."""

    def __init__(self, byline_words: list[str], brief_words: list[str], surnames: str) -> None: ...
    def cue(
        self, text: str, role: str, level: int, hints: frozenset[str]
    ) -> tuple[str, bool, str | None, str | None, bool]: ...

#: A non-blank line as the model's features read it: (block index, stripped text, Role.value,
#: markup level, hints).
ModelLine = tuple[int, str, str, int, frozenset[str]]

class ModelFeatures:
    """The line model's features of a page (rust/src/features.rs), measured in the core."""

    def __init__(self, cues: CueRules, measure: LineMeasure) -> None: ...
    def features(self, lines: Iterable[ModelLine], wrap_width: int) -> list[list[str]]: ...
    def marginals(
        self, crf: Crf, lines: Iterable[ModelLine], wrap_width: int
    ) -> list[list[float]]: ...
    def decode(
        self,
        crf: Crf,
        lines: Iterable[ModelLine],
        wrap_width: int,
        require: dict[int, str] | None = None,
    ) -> list[str]: ...

#: The fields of roles.LineFeatures of a line measured alone, in their order.
LineFields = tuple[
    str, int, float, int, frozenset[str],
    bool, bool, bool, bool, int, bool, bool, bool, int, int,
    bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool,
]

class LineMeasure:
    """The line and page measures of roles (rust/src/measure.rs)."""

    def __init__(self, classifiers: list[str], surnames: str, byline_words: list[str]) -> None: ...
    def measure(self, text: str) -> LineFields: ...
    def width(self, text: str) -> int: ...
    def first_word_width(self, text: str) -> int: ...
    def broken_lines(self, lines: Iterable[str]) -> int: ...
    def page(self, lines: Iterable[str], levels: list[int]) -> tuple[int, int, int]: ...

def width_ranges() -> list[tuple[int, int, int]]: ...
