"""The application layer: the workspace that keeps archive, models and index in step, and the CLI."""
from .workspace import Workspace

__all__ = ["Workspace"]
