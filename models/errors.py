"""Exceptions of dkbm-sim, rooted in one project error."""


class DkbmError(Exception):
    """Base class of every error raised on purpose by dkbm-sim."""


class InputError(DkbmError, ValueError):
    """A value given by a user (parameter, lever, shock, department) is not allowed.

    The message is one line that names the offending key, the value and the
    allowed values, so that callers (CLI, web app, scenario loader) can show it
    as it is, prefixed with the file or control it came from.
    """

    def __init__(self, message: str, *, key: str | None = None):
        super().__init__(message)
        self.key = key
