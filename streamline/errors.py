"""Errors a user can cause: reported as one line with exit status 2, never a traceback.

An error carries a code and its arguments; the CLI words it in the user's language from the
message catalogue (`error.<code>`), so the library never builds a sentence."""


class InputError(Exception):
    """A file, option or parameter that cannot be used: `where` names it, `code` says why."""

    def __init__(self, where: str, code: str, **details):
        super().__init__(f"{where}: {code} {details}" if details else f"{where}: {code}")
        self.where = where
        self.code = code
        self.details = details
