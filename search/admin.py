"""The admin's search box for posts and pages runs the site's own full-text search.

The posts app cannot import this one (it is the lower layer), so its admin
offers a hook that this module, autodiscovered after it, fills in.
"""

from posts.admin import ContentAdmin

from .engine import admin_matches

ContentAdmin.full_text_search = staticmethod(admin_matches)
