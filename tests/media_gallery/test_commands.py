"""Operator commands: regenerate_renditions (the demo media of seed_demo are tested in
tests/freeiran/test_seed_demo.py)."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from media_gallery.models import Rendition

from .factories import ImageFactory

pytestmark = pytest.mark.django_db


def regenerate(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("regenerate_renditions", *args, stdout=out, stderr=err, **options)
    return out.getvalue()


def summary(output):
    """The summary table's rows as {label: count}."""
    rows = output.split("-----\n", 1)[1].splitlines()
    return {row.rsplit(None, 1)[0].strip(): int(row.rsplit(None, 1)[1]) for row in rows}


def test_missing_only_makes_what_is_missing(storage_files):
    complete = ImageFactory()
    pending = ImageFactory(renditions=False)
    files = {r.file.name for r in complete.renditions.all()}
    output = regenerate("--missing-only")
    assert "Images [##############################] 2/2" in output
    assert summary(output) == {
        "images": 2,
        "renditions made": 6,
        "renditions made again": 0,
        "renditions removed": 0,
        "renditions already current": 6,
        "images failed": 0,
    }
    assert pending.renditions.count() == 6
    assert {r.file.name for r in complete.renditions.all()} == files


def test_regenerating_everything_replaces_the_files(
    django_capture_on_commit_callbacks, storage_files
):
    image = ImageFactory()
    old = {r.file.name for r in image.renditions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        output = regenerate(image=[image.pk])
    assert summary(output)["renditions made again"] == 6
    new = {r.file.name for r in image.renditions.all()}
    assert new.isdisjoint(old)
    assert set(storage_files()) == new | {image.file.name}


def test_quiet_at_verbosity_zero():
    ImageFactory(renditions=False)
    assert regenerate(verbosity=0) == ""
    assert Rendition.objects.count() == 6


def test_an_unreadable_original_fails_the_command_with_advice():
    good = ImageFactory(renditions=False)
    broken = ImageFactory(renditions=False)
    default_storage.delete(broken.file.name)
    with pytest.raises(CommandError, match=r"1 image\(s\) failed; see above\. Replace their files"):
        regenerate("--missing-only")
    assert good.renditions.count() == 6  # the others were still done
