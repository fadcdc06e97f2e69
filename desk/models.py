"""The desk's models, each in the module of its feature."""

from .autosaves import Autosave
from .locks import PostLock
from .revision_tags import RevisionTags

__all__ = ["Autosave", "PostLock", "RevisionTags"]
