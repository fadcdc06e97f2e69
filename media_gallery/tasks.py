"""Background work: renditions are made after an image is saved, not while a visitor waits.

Django's task framework runs them; with its default immediate backend that
is right after the transaction commits, in the same process. A site that
configures a queue backend in ``TASKS`` gets them off the request with no
change here. Whatever is missed is made by ``manage.py regenerate_renditions``.
"""

from django.tasks import task

from . import renditions


@task
def make_renditions(image_id):
    """Bring the renditions of image ``image_id`` in step with its file (if it still exists)."""
    from .models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return None
    result = renditions.sync(image)
    return {"created": result.created, "replaced": result.replaced, "removed": result.removed}


def queue_renditions(image_id):
    make_renditions.enqueue(image_id)
