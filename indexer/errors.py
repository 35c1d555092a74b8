"""Errors raised by the indexer package."""


class IndexerError(Exception):
    """Base class of every index and search error."""


class IndexMissing(IndexerError):
    """There is no index yet (build it with `haiquan index`)."""


class BadQuery(IndexerError):
    """The query or one of its parameters is invalid."""


class IndexDamaged(IndexerError):
    """The index opened but a file of it could not be read."""
