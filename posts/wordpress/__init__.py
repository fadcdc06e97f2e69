"""Moving content in and out of WordPress: WXR reading, content conversion,
the import and export, and the old addresses that must keep working.

``reader`` turns an export file into plain records, ``content`` converts
WordPress markup to the body HTML we store, ``importer`` writes records in
batches, ``attachments`` keeps attachments for the media app, ``exporter``
writes WXR back, and ``legacy`` answers old WordPress addresses.
"""
