"""Articles and their language: text processing, validation, readers and the archive."""
from .article import DEFAULT_LABELS, LABEL_NAMES_VI, Article, article_from_record, check_label, content_hash
from .errors import ArchiveError, Conflict, CorpusError, InputError, InputErrors, NotFound
from .ingest import read_articles
from .readers import decode_bytes, read_records, read_text_file, read_upload
from .store import Archive, IngestSummary
from .text import SEGMENTER_VERSION, fold, normalize, segment, segment_many, syllables

__all__ = [
    "DEFAULT_LABELS", "LABEL_NAMES_VI", "Article", "article_from_record", "check_label", "content_hash",
    "ArchiveError", "Conflict", "CorpusError", "InputError", "InputErrors", "NotFound",
    "read_articles", "decode_bytes", "read_records", "read_text_file", "read_upload", "Archive", "IngestSummary",
    "SEGMENTER_VERSION", "fold", "normalize", "segment", "segment_many", "syllables",
]
