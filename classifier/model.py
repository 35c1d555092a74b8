"""The model: one scikit-learn Pipeline, and how its hyper-parameters are chosen."""
from __future__ import annotations

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import f1_score
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from .features import build_features
from .nbsvm import NBSVM

#: The parameters used without a search (`haiquan train --no-search`, the tests); a normal
#: training run chooses among SEARCH_SPACE by cross-validation on its own training data.
DEFAULT_PARAMS = {"estimator": "svm", "C": 0.5, "use_chars": True, "use_syllables": False, "char_ngrams": (2, 5),
                  "word_ngrams": (1, 2), "min_df": 2, "calibration": "sigmoid"}

ESTIMATORS = ("svm", "nbsvm", "logreg")

#: The candidates tried by cross-validation on the training data at each training run.
SEARCH_SPACE = [
    {"estimator": "svm", "C": c, "use_chars": chars, "use_syllables": syll}
    for c in (0.1, 0.5, 2.0) for chars, syll in ((True, False), (False, False), (False, True), (True, True))
] + [{"estimator": "nbsvm", "C": c, "use_chars": False, "use_syllables": True} for c in (0.5, 2.0)] \
  + [{"estimator": "logreg", "C": c, "use_chars": True} for c in (10.0, 50.0)]


def build_pipeline(params: dict | None = None, cv: int = 5) -> Pipeline:
    """The feature union and a calibrated linear classifier, as one Pipeline."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    if p["estimator"] not in ESTIMATORS:
        raise ValueError(f"unknown estimator {p['estimator']!r}")
    # ensemble=False: the classifier is fitted on all the data given, and the calibration on
    # cross-validated predictions (with ensemble=True each of the k models sees only (k-1)/k of it).
    clf = CalibratedClassifierCV(_estimator(p), method=p["calibration"], cv=cv, ensemble=False)
    features = build_features(word_ngrams=p["word_ngrams"], char_ngrams=p["char_ngrams"],
                              min_df=p["min_df"], use_chars=p["use_chars"], use_syllables=p["use_syllables"])
    return Pipeline([("features", features), ("clf", clf)])


def linear_model(pipeline: Pipeline) -> tuple[np.ndarray, np.ndarray]:
    """Class × feature weights and per-class intercepts of the linear model, averaged over
    the calibration folds (one fold: the model fitted on all the data)."""
    clf = pipeline.named_steps["clf"]
    coef = np.mean([c.estimator.coef_ for c in clf.calibrated_classifiers_], axis=0)
    intercept = np.mean([np.ravel(c.estimator.intercept_) for c in clf.calibrated_classifiers_], axis=0)
    if coef.shape[0] == 1:  # binary: one row for the positive class
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    return coef, intercept


def decision_margins(linear: tuple[np.ndarray, np.ndarray], features) -> np.ndarray:
    """Per document, the best class's one-vs-rest decision value before calibration
    (for LogisticRegression, the best class logit); ``linear``: ``linear_model(pipeline)``.

    Every class's linear model scores how much the text looks like that class
    against all the others; when even the best is low, no category claims the
    text — the sign of an article unlike any the model was trained on, which
    calibrated probabilities (they always sum to one) do not show. With two
    classes the best value is only the distance from the boundary: the caller
    does not use it then.
    """
    coef, intercept = linear
    return np.asarray(features @ coef.T + intercept).max(axis=1)


def _estimator(p: dict):
    if p["estimator"] == "svm":
        return LinearSVC(C=p["C"], class_weight="balanced")
    if p["estimator"] == "nbsvm":
        return NBSVM(C=p["C"], class_weight="balanced")
    return LogisticRegression(C=p["C"], class_weight="balanced", max_iter=2000)


def select_params(documents, labels, space=None, folds: int = 5, seed: int = 13,
                  progress=None) -> tuple[dict, list[dict]]:
    """Choose hyper-parameters by stratified k-fold cross-validation on the given data only.

    Features are fitted once per fold and feature setting, inside the fold,
    and shared by the estimators tried on them; candidates are scored by the
    macro-F1 of the uncalibrated estimator (calibration does not change the
    ranking much and would multiply the cost). Returns (best params, results).
    """
    candidates = [{**DEFAULT_PARAMS, **cand} for cand in (space or SEARCH_SPACE)]
    labels = np.asarray(labels)
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    scores = {i: [] for i in range(len(candidates))}
    feature_key = lambda p: (p["use_chars"], p["use_syllables"], tuple(p["char_ngrams"]),  # noqa: E731
                             tuple(p["word_ngrams"]), p["min_df"])
    for fold, (train, test) in enumerate(skf.split(documents, labels), 1):
        if progress:
            progress(f"cross-validation fold {fold}/{folds}", (fold - 1) / folds)
        train_docs = [documents[i] for i in train]
        test_docs = [documents[i] for i in test]
        for key in {feature_key(p) for p in candidates}:
            p0 = next(p for p in candidates if feature_key(p) == key)
            feats = build_features(word_ngrams=p0["word_ngrams"], char_ngrams=p0["char_ngrams"],
                                   min_df=p0["min_df"], use_chars=p0["use_chars"], use_syllables=p0["use_syllables"])
            xtr, xte = feats.fit_transform(train_docs), feats.transform(test_docs)
            for i, p in enumerate(candidates):
                if feature_key(p) == key:
                    pred = _estimator(p).fit(xtr, labels[train]).predict(xte)
                    scores[i].append(float(f1_score(labels[test], pred, average="macro")))
    results = [{"params": p, "folds": scores[i], "mean": float(np.mean(scores[i])), "std": float(np.std(scores[i]))}
               for i, p in enumerate(candidates)]
    best = max(results, key=lambda r: (round(r["mean"], 4), -r["std"]))
    return best["params"], results


__all__ = ["build_pipeline", "decision_margins", "linear_model", "select_params",
           "DEFAULT_PARAMS", "SEARCH_SPACE"]
