"""A linear SVM on naive-Bayes-scaled features (NBSVM; Wang & Manning, ACL 2012).

For each class, every feature is scaled by its log-count ratio — how much
more often documents of the class have it than the others — and a LinearSVC
is fitted one-vs-rest on the scaled features. Since ``(x * r) · w = x · (r * w)``,
the result is an ordinary linear model over the unscaled features: ``coef_``
holds ``r * w`` per class, so the tagger reads its top terms as for any
linear model. A stable import path: joblib pickles it with the pipeline.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted


class NBSVM(ClassifierMixin, BaseEstimator):
    """One-vs-rest LinearSVC over features scaled by naive-Bayes log-count ratios."""

    def __init__(self, C: float = 1.0, alpha: float = 1.0, class_weight=None):
        self.C = C
        self.alpha = alpha
        self.class_weight = class_weight

    def fit(self, X, y):
        X = sparse.csr_matrix(X, dtype=np.float32)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("NBSVM needs at least two classes")
        present = (X > 0).astype(np.float32)
        targets = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        coefs, intercepts = [], []
        for c in targets:
            pos = y == c
            p = self.alpha + np.asarray(present[pos].sum(axis=0)).ravel()
            q = self.alpha + np.asarray(present[~pos].sum(axis=0)).ravel()
            ratio = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
            svm = LinearSVC(C=self.C, class_weight=self.class_weight)
            svm.fit(X.multiply(ratio).tocsr(), pos)
            coefs.append(svm.coef_[0] * ratio)
            intercepts.append(svm.intercept_[0])
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.asarray(intercepts)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        scores = np.asarray(sparse.csr_matrix(X) @ self.coef_.T) + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X):
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]
