"""The languages content is written in, and which way their text runs."""

from django.conf import settings


def text_direction(language):
    """``"rtl"`` for languages written right to left (Persian, Arabic…), else ``"ltr"``.

    Django's own list of right-to-left languages decides (``LANGUAGES_BIDI``),
    the same one that sets the direction of its translated admin.
    """
    return "rtl" if language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"
