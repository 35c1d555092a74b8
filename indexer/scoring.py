"""BM25 over Whoosh's postings with numpy: fast scoring, tiers, facets and sorting.

Whoosh stores the index (analysis, postings, positions, columns); scoring a
common term with Whoosh's pure-Python matchers took over a second at 10k
articles. Here each posting list is read once per segment into numpy arrays
(document numbers, term frequencies) and cached, with the per-document field
lengths, categories and dates; a query is then a few vectorized operations
over arrays as long as the index. Segments never change once written (only
their deletions do), so the caches stay valid across commits: a commit only
adds a small new segment to read.
"""
from __future__ import annotations

import collections
import threading

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length

K1, B = 1.2, 0.75
_BYTE_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_CACHE_BYTES = 512 * 2**20


class _LRU:
    """A byte-bounded LRU cache shared by all segments of a process."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.data: collections.OrderedDict = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key, value, nbytes: int) -> None:
        with self.lock:
            if key in self.data:
                return
            self.data[key] = (value, nbytes)
            self.size += nbytes
            while self.size > self.limit and self.data:
                _, (_, n) = self.data.popitem(last=False)
                self.size -= n


_POSTINGS = _LRU(_CACHE_BYTES)
_SEGMENTS: collections.OrderedDict = collections.OrderedDict()  # segment id → SegmentData, newest use last
_MAX_SEGMENTS = 256  # merged-away segments fall out (a dropped one still in use is just read again)
_JOINED: dict = {}  # segment ids → (day, labels, category codes) over all of them
_SEGMENTS_LOCK = threading.Lock()


def _numeric_column(colreader, n: int, dtype) -> np.ndarray:
    """All values of a Whoosh numeric column at once (raw big-endian bytes); 0 past its end."""
    out = np.zeros(n, dtype=dtype)
    if colreader is None:
        return out
    if isinstance(colreader, NumericColumn.Reader):
        count = min(colreader._count, n)
        raw = colreader._dbfile.get(colreader._basepos, count * colreader._fixedlen)
        out[:count] = np.frombuffer(raw, dtype=np.dtype(">" + colreader._typecode), count=count)
        return out
    return np.fromiter((int(colreader[i] or 0) for i in range(n)), dtype=dtype, count=n)


class SegmentData:
    """Per-document arrays of one Whoosh segment: field lengths, category, day."""

    def __init__(self, reader):
        self.segid = reader.segment().segment_id()
        self.n = reader.doc_count_all()
        self._lengths: dict = {}
        self._vocabulary: dict = {}
        self._lock = threading.Lock()
        self.category = [v or "" for v in reader.column_reader("category")] if reader.has_column("category") \
            else [""] * self.n
        day = reader._perdoc.column_reader("day", reader.schema["day"].column_type) \
            if reader.has_column("day") else None
        self.day = _numeric_column(day, self.n, np.int32)

    def vocabulary(self, reader, field: str) -> frozenset:
        """Every term of ``field`` in this segment (read once: segments never change)."""
        with self._lock:
            terms = self._vocabulary.get(field)
            if terms is None:
                terms = self._vocabulary[field] = frozenset(reader.field_terms(field))
            return terms

    def lengths(self, reader, field: str) -> np.ndarray:
        with self._lock:
            arr = self._lengths.get(field)
            if arr is None:
                col = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                arr = self._lengths[field] = _BYTE_LENGTH[_numeric_column(col, self.n, np.uint8)]
            return arr


def _segment_data(reader) -> SegmentData:
    segid = reader.segment().segment_id()
    with _SEGMENTS_LOCK:
        data = _SEGMENTS.get(segid)
        if data is not None:
            _SEGMENTS.move_to_end(segid)
    if data is None:
        data = SegmentData(reader)
        with _SEGMENTS_LOCK:
            _SEGMENTS[segid] = data
            while len(_SEGMENTS) > _MAX_SEGMENTS:
                _SEGMENTS.popitem(last=False)
    return data


def _read_postings(reader, field: str, term: str):
    """(local doc numbers, term frequencies) of a term in one segment, block by block.

    Each block's data is unpickled once and decoded with numpy (Whoosh stores
    document numbers as deltas and decodes them one by one in Python).
    """
    if (field, term) not in reader:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    # the segment's own postings: reader.postings() wraps them in a matcher that skips deleted
    # documents (and has no blocks to read); deletions are masked by Snapshot.alive instead
    m = reader._terms.matcher(field, reader._text_to_bytes(field, term), reader.schema[field].format)
    ids, tfs = [], []
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw_ids, raw_weights = m._data[0], m._data[1]
        block = np.asarray(raw_ids, dtype=np.int64)
        if not m._byteids:
            block = np.cumsum(block)
        n = len(block)
        if raw_weights is None:
            weights = np.ones(n, np.float32)
        elif isinstance(raw_weights, float):
            weights = np.full(n, raw_weights, np.float32)
        else:
            weights = np.asarray(raw_weights, dtype=np.float32)
        ids.append(block[m._i:].astype(np.int32))
        tfs.append(weights[m._i:])
        m._next_block()
    if not ids:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    return np.concatenate(ids), np.concatenate(tfs)


class Snapshot:
    """A searcher's view as flat arrays: global doc numbers across segments."""

    def __init__(self, searcher):
        self.searcher = searcher
        reader = searcher.reader()
        # an empty index has one leaf with no segment behind it
        self.leaves = [(r, off, _segment_data(r)) for r, off in reader.leaf_readers() if r.segment() is not None]
        self.n = reader.doc_count_all()
        self.doc_count = max(reader.doc_count(), 1)
        self.alive = np.ones(self.n, bool)
        for r, off, _ in self.leaves:
            if r.has_deletions():
                dead = [d + off for d in r._perdoc.deleted_docs()]
                self.alive[dead] = False
        key = tuple(d.segid for _, _, d in self.leaves)
        with _SEGMENTS_LOCK:
            joined = _JOINED.get(key)
        if joined is None:
            day = np.concatenate([d.day for _, _, d in self.leaves]) if self.leaves else np.zeros(0, np.int32)
            labels = sorted({c for _, _, d in self.leaves for c in d.category})
            code = {c: i for i, c in enumerate(labels)}
            category = np.fromiter((code[c] for _, _, d in self.leaves for c in d.category),
                                   dtype=np.int16, count=self.n)
            joined = (day, labels, category)
            with _SEGMENTS_LOCK:
                _JOINED.clear()  # only the newest set of segments is worth keeping
                _JOINED[key] = joined
        self.day, self.labels, self.category = joined
        self._avg = {}
        self._reader = reader

    def avg_length(self, field: str) -> float:
        if field not in self._avg:
            self._avg[field] = max(self._reader.field_length(field) / self.doc_count, 1.0)
        return self._avg[field]

    def has_term(self, field: str, term: str) -> bool:
        """Whether some segment has ``term`` in ``field`` (a set lookup, no disk read)."""
        return any(term in data.vocabulary(r, field) for r, _, data in self.leaves)

    def doc_frequency(self, field: str, term: str) -> int:
        return self._reader.doc_frequency(field, term)

    def postings(self, field: str, term: str):
        """Global doc numbers and term frequencies and field lengths of those documents."""
        parts_ids, parts_tf, parts_len = [], [], []
        for r, off, data in self.leaves:
            key = (data.segid, field, term)
            got = _POSTINGS.get(key)
            if got is None:
                ids, tfs = _read_postings(r, field, term)
                _POSTINGS.put(key, (ids, tfs), ids.nbytes + tfs.nbytes + 100)
            else:
                ids, tfs = got[0]
            if len(ids):
                parts_ids.append(ids + off)
                parts_tf.append(tfs)
                parts_len.append(data.lengths(r, field)[ids])
        if not parts_ids:
            return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.float32)
        return np.concatenate(parts_ids), np.concatenate(parts_tf), np.concatenate(parts_len)

    def weights(self, field: str, term: str):
        """(global doc numbers, BM25 weight of the term in that field for each)."""
        ids, tf, length = self.postings(field, term)
        if not len(ids):
            return ids, tf
        df = len(ids)
        idf = np.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * length / self.avg_length(field))
        return ids, (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)

    def phrase_docs(self, field: str, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Mask of candidate documents where ``terms`` occur adjacent and in order in ``field``.

        Positions are read only for the candidate documents (those that have
        every term), block by block, instead of walking every posting.
        """
        out = np.zeros(self.n, bool)
        if not terms or not candidates.any():
            return out
        fmt = self.searcher.schema[field].format
        for r, off, data in self.leaves:
            local = np.flatnonzero(candidates[off:off + data.n])
            if not len(local):
                continue
            per_term = []
            for term in terms:
                found: dict[int, list[int]] = {}
                if (field, term) in r:
                    m = r.postings(field, term)
                    for doc in local.tolist():  # sorted; skip_to jumps over whole blocks
                        m.skip_to(doc)
                        if not m.is_active():
                            break
                        if m.id() == doc:
                            found[doc] = fmt.decode_positions(m.value())
                per_term.append(found)
            for doc in set(per_term[0]).intersection(*per_term[1:]):
                starts = set(per_term[0][doc])
                for k in range(1, len(per_term)):
                    starts &= {p - k for p in per_term[k][doc]}
                    if not starts:
                        break
                if starts:
                    out[off + doc] = True
        return out

    def stored_id(self, docnum: int) -> str:
        return self.searcher.stored_fields(int(docnum))["id"]


class Accumulator:
    """Scores and match masks of one query over all documents of a snapshot."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.score = np.zeros(snap.n, np.float32)

    def add(self, field: str, term: str, boost: float) -> np.ndarray:
        """Add a term's weighted BM25 to the scores; return the mask of documents that have it."""
        ids, w = self.snap.weights(field, term)
        mask = np.zeros(self.snap.n, bool)
        if len(ids):
            self.score[ids] += boost * w
            mask[ids] = True
        return mask
