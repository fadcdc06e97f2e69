"""Moving content in and out of WordPress: WXR reading, content conversion,
the import and export, and the old addresses that must keep working.

``reader`` turns an export file into plain records, ``content`` converts
WordPress markup to the body HTML we store, ``importer`` runs the import in
batches through its phases: ``terms`` writes authors, categories and tags,
``items`` makes each item a post, ``batches`` writes them, ``page_parents``
places pages under their parents after the last item, and ``report`` says
what it did. ``attachments`` records attachments and ``media_files`` makes
their images and videos, ``embeds`` the videos and galleries of bodies,
``galleries`` and ``featured`` link them up once every attachment is in,
``exporter`` writes WXR back, and ``legacy`` answers old WordPress addresses,
reading their permalinks as the import does (``permalinks``).
"""
