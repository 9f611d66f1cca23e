"""Errors a user can cause: reported as one line with exit status 2, never a traceback."""


class InputError(Exception):
    """A file (or parameter) that cannot be used: `where` names it, `reason` says why."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
