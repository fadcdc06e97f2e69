"""The desk's models, each in the module of its feature."""

from .autosaves import Autosave

__all__ = ["Autosave"]
