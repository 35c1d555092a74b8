"""Errors raised by the classifier package."""


class ClassifierError(Exception):
    """Base class of every classifier error."""


class NoModel(ClassifierError):
    """There is no trained model (or no such version)."""


class UnknownVersion(NoModel):
    """No model version of that name."""


class TamperedModel(ClassifierError):
    """A model's files do not match the hashes in its metadata: refused."""


class TrainingError(ClassifierError):
    """The labeled data cannot train a model (too few articles or labels)."""
