"""Tagging: label, calibrated confidence, all probabilities and the words behind the decision."""
from __future__ import annotations

import dataclasses

import numpy as np

from corpus.text import segment_many

from .features import document
from .model import decision_margins, linear_model


@dataclasses.dataclass
class Tag:
    """One tagging decision."""

    label: str
    confidence: float
    probabilities: dict
    needs_review: bool   # low confidence, or off topic
    top_terms: list
    off_topic: bool = False  # no category's model claims the text (see Tagger)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class Tagger:
    """A loaded model version, ready to tag segmented or raw text.

    A tag needs review when its calibrated confidence is under
    ``review_threshold``, or when the text is *off topic*: the best of the
    classes' one-vs-rest decision values is under ``domain_threshold`` (set at
    training so that 99% of the held-out training articles are above it).
    Probabilities always sum to one, so an article about football still gets
    a confident category; the decision values show that no category claims it.
    """

    def __init__(self, pipeline, version: str, review_threshold: float, domain_threshold: float | None = None):
        self.pipeline = pipeline
        self.version = version
        self.review_threshold = review_threshold
        self.domain_threshold = domain_threshold
        self.labels = [str(c) for c in pipeline.classes_]
        self._features = pipeline.named_steps["features"]
        self._clf = pipeline.named_steps["clf"]
        words = dict(self._features.transformer_list)["words"]
        self._n_words = len(words.vocabulary_)  # the words come first in the feature union
        self._names = words.get_feature_names_out()
        self._linear = linear_model(pipeline)
        self._coef = self._linear[0][:, : self._n_words]

    def tag_documents(self, documents: list[str], top: int = 8, threshold: float | None = None) -> list[Tag]:
        """Tag model inputs built by ``features.document``."""
        if not documents:
            return []
        threshold = self.review_threshold if threshold is None else threshold
        x = self._features.transform(documents).tocsr()
        probs = self._clf.predict_proba(x)
        margins = decision_margins(self._linear, x)
        words = x[:, : self._n_words]
        tags = []
        for i, p in enumerate(probs):
            k = int(np.argmax(p))
            off = self.domain_threshold is not None and bool(margins[i] < self.domain_threshold)
            tags.append(Tag(label=self.labels[k], confidence=round(float(p[k]), 4),
                            probabilities={lab: round(float(v), 4) for lab, v in zip(self.labels, p)},
                            needs_review=bool(p[k] < threshold) or off, top_terms=self._top_terms(words[i], k, top),
                            off_topic=off))
        return tags

    def _top_terms(self, row, k: int, top: int) -> list[dict]:
        """Words of this document that pushed it most towards class ``k`` (tf-idf × weight)."""
        row = row.tocsr()
        contrib = row.data * self._coef[k, row.indices]
        order = np.argsort(-contrib)
        out = []
        for j in order[:top]:
            if contrib[j] <= 0:
                break
            out.append({"term": self._names[row.indices[j]].replace("_", " "), "weight": round(float(contrib[j]), 4)})
        return out

    def tag_segmented(self, pairs, **kw) -> list[Tag]:
        """Tag (segmented title, segmented body) pairs."""
        return self.tag_documents([document(t, b) for t, b in pairs], **kw)

    def tag_texts(self, pairs, jobs: int | None = 1, **kw) -> list[Tag]:
        """Tag raw (title, body) pairs: normalize and segment, then tag."""
        pairs = list(pairs)
        flat = segment_many([x for pair in pairs for x in pair], jobs=jobs)
        return self.tag_segmented(list(zip(flat[0::2], flat[1::2])), **kw)
