"""Whoosh index for Vietnamese: analyzers, schema, index lifecycle, search."""
from .analysis import ANALYZER_VERSION
from .errors import BadQuery, IndexDamaged, IndexerError, IndexMissing
from .highlight import highlight, snippet
from .index import SearchIndex
from .query import parse
from .search import Hit, SearchEngine, SearchResult

__all__ = ["ANALYZER_VERSION", "BadQuery", "IndexDamaged", "IndexerError", "IndexMissing", "highlight", "snippet",
           "SearchIndex", "parse", "Hit", "SearchEngine", "SearchResult"]
