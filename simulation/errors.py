"""Input errors located in a file or control, one line each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from models.errors import InputError


class LocatedInputError(InputError):
    """An input error with where it came from: ``<source>: <key>: <message>``.

    ``source`` is a file path, ``--set``, a web control or a sweep spec.
    """

    def __init__(self, source: str, message: str, *, key: str | None = None):
        self.source = source
        text = f"{source}: {message}" if source else message
        super().__init__(" ".join(text.split()), key=key)


@dataclass(frozen=True)
class Problem:
    """One problem of an input file: where (``path``, e.g. ``run.months``), what (the
    English one-line ``message`` the CLI prints) and, for other languages, a ``code``
    with its ``fields`` (rendered by :func:`simulation.checks.problem_text`)."""

    path: str
    message: str
    code: str = ""
    fields: Mapping = field(default_factory=dict)

    def line(self, source: str = "") -> str:
        """``source: path: message`` on one line (the CLI's form)."""
        parts = [p for p in (source, self.path, self.message) if p]
        return " ".join(": ".join(parts).split())


class InputErrors(LocatedInputError):
    """Every problem found in one input file (at least one), one line each.

    ``str()`` is one line per problem, ``source: path: message``; the CLI prints each
    after ``error:``. ``problems`` keeps them for other languages (the web app).
    """

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(source, first.line(), key=first.path or None)
        self.lines = tuple(p.line(source) for p in self.problems)

    def __str__(self) -> str:
        return "\n".join(self.lines)
