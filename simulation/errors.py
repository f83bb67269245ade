"""Input errors located in a file or control, one line each."""

from __future__ import annotations

from models.errors import InputError


class LocatedInputError(InputError):
    """An input error with where it came from: ``<source>: <key>: <message>``.

    ``source`` is a file path, ``--set``, a web control or a sweep spec.
    """

    def __init__(self, source: str, message: str, *, key: str | None = None):
        self.source = source
        text = f"{source}: {message}" if source else message
        super().__init__(" ".join(text.split()), key=key)
