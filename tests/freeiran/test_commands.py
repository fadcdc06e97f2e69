"""Long commands report progress compactly and end with a readable table."""

from io import StringIO

from django.core.management.base import OutputWrapper

from freeiran.commands import Progress, summary_table


def test_progress_prints_each_tenth_when_not_a_terminal():
    out = StringIO()
    with Progress(OutputWrapper(out), 100, "Items") as progress:
        for _ in range(100):
            progress.advance()
    lines = out.getvalue().splitlines()
    assert len(lines) == 11  # 0/10 … 10/10
    assert lines[-1].startswith("Items [##############################] 100/100")


def test_progress_is_silent_at_verbosity_zero():
    out = StringIO()
    with Progress(OutputWrapper(out), 5, "Items", verbosity=0) as progress:
        progress.advance(5)
    assert out.getvalue() == ""


def test_summary_table_aligns_columns():
    out = StringIO()
    summary_table(
        OutputWrapper(out), ["type", "created", "failed"], [["posts", 1200, 0], ["pages", 3, 12]]
    )
    assert out.getvalue().splitlines() == [
        "type   created  failed",
        "-----  -------  ------",
        "posts     1200       0",
        "pages        3      12",
    ]
