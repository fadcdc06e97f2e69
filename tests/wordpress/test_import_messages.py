"""An import that stops says so, and says where."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.wordpress.conftest import run_import, write_wxr, wxr_item

pytestmark = pytest.mark.django_db


def test_a_stopped_import_never_says_it_finished(tmp_path):
    export = write_wxr(tmp_path, wxr_item(1, title="Kept"), wxr_item(2, title="Cut short"))
    text = export.read_text()
    export.write_text(text[: text.index("Cut short")])
    output = StringIO()

    with pytest.raises(CommandError, match="Import stopped"):
        call_command("import_wordpress", str(export), stdout=output)

    assert "posts" in output.getvalue()  # the summary of what was kept
    assert "Import finished." not in output.getvalue()


def test_an_undefined_entity_is_reported_with_its_line(tmp_path):
    item = wxr_item(2, title="Before &nbsp; after").replace(
        "<![CDATA[Before &nbsp; after]]>", "Before &nbsp; after"
    )
    export = write_wxr(tmp_path, wxr_item(1, title="First"), item)
    line = next(n for n, text in enumerate(export.read_text().splitlines(), 1) if "nbsp" in text)

    with pytest.raises(CommandError) as stopped:
        run_import(export, verbosity=0)

    assert str(stopped.value).startswith(
        f"Import stopped at line {line}: the file is not well-formed XML "
        "(Entity 'nbsp' not defined)."
    )
