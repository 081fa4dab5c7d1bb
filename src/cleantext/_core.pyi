"""Types of the compiled core (rust/src/lib.rs): private, used by the step wrappers."""

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

def han_ranges() -> list[tuple[int, int]]: ...
def _panic_for_test(*args: object) -> None: ...
