"""Errors a user can act on: each renders as one line naming the place and the fix.

The CLI catches `AccordError`, prints `str(error)` and exits with `error.exit_code`
(2 for bad input, 1 for a failure). No traceback reaches a user.
"""

from __future__ import annotations


class AccordError(Exception):
    """Base class: a one-line message, an optional location and an optional fix."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.fix = " ".join(fix.split()) if fix else None
        super().__init__(self.render())

    def location(self) -> str:
        """`file:line:column` (or `file: field`) as far as they are known."""
        parts: list[str] = []
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        if self.field:
            parts.append(f"field '{self.field}'")
        return " ".join(parts)

    def render(self) -> str:
        """The single line shown to the user."""
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.fix:
            text += f" — {self.fix}"
        return text


class InputError(AccordError):
    """Bad input from the user: a file, an argument, a value. Exit code 2."""

    exit_code = 2


class ScenarioError(InputError):
    """A scenario file that cannot be read or does not validate."""


class AnalysisError(AccordError):
    """An analysis could not be carried out on valid input. Exit code 1."""
