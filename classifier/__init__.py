"""The scikit-learn pipeline: features, training, evaluation, tagging and the model registry."""
from .errors import ClassifierError, NoModel, TamperedModel, TrainingError, UnknownVersion
from .features import document
from .metrics import classification_metrics, format_table
from .model import DEFAULT_PARAMS, build_pipeline
from .predict import Tag, Tagger
from .registry import ModelRegistry
from .train import TrainingSet, evaluate_pipeline, is_heldout, train

__all__ = ["ClassifierError", "NoModel", "TamperedModel", "TrainingError", "UnknownVersion", "document",
           "classification_metrics", "format_table", "DEFAULT_PARAMS", "build_pipeline", "Tag", "Tagger",
           "ModelRegistry", "TrainingSet", "evaluate_pipeline", "is_heldout", "train"]
