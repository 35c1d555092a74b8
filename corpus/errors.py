"""Errors raised by the corpus package."""


class CorpusError(Exception):
    """Base class of every error about articles and the archive."""


class InputError(CorpusError):
    """A record or file that cannot be read; names the file and line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message, self.path, self.line = message, path, line

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputErrors(CorpusError):
    """Several bad records in one input; nothing from it was stored."""

    def __init__(self, errors: list[InputError]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors[:20]]
        if len(self.errors) > 20:
            lines.append(f"... and {len(self.errors) - 20} more")
        return "\n".join(lines)


class ArchiveError(CorpusError):
    """The archive cannot do what was asked."""


class NotFound(ArchiveError):
    """No article (or label) with that id."""


class Conflict(ArchiveError):
    """The request contradicts what the archive already holds."""
