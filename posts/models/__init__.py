"""The posts app's models, a module per concern."""

from ..tree import SlugPathTree  # migrations name the models' base here
from .authors import AuthorProfile
from .content import MORE_MARKER, Category, Page, Post, tree_position
from .redirects import Redirect

__all__ = [
    "MORE_MARKER",
    "AuthorProfile",
    "Category",
    "Page",
    "Post",
    "Redirect",
    "SlugPathTree",
    "tree_position",
]
