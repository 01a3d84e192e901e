"""The error raised for input from outside that cannot be accepted."""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be accepted: a document, a message, a request body.

    ``code`` is stable and meant for programs (logs, API error bodies, tests); ``message`` is
    translated for people and says what is wrong; ``field`` names the element or field concerned
    when there is one. The API turns these into 4xx answers with the same three parts.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"
