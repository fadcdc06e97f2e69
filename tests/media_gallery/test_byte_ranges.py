"""Reading a request's Range header: one range answered, anything else the whole file."""

import pytest

from media_gallery.byte_ranges import Unsatisfiable, requested_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-10", (990, 999)),
        ("bytes=-5000", (0, 999)),  # a suffix longer than the file is all of it
        ("bytes=990-5000", (990, 999)),  # the end is clipped to the file's
        ("bytes=999-999", (999, 999)),
        (" bytes=1-2 ", (1, 2)),
        # The whole file: absent, malformed, another unit, backwards, several ranges.
        (None, None),
        ("", None),
        ("bytes=", None),
        ("bytes=-", None),
        ("bytes=a-b", None),
        ("bytes=1.5-2", None),
        ("bytes=٣-٤", None),  # digits, but not ASCII ones
        ("items=0-10", None),
        ("bytes 0-10", None),
        ("bytes=20-10", None),
        ("bytes=0-1,5-6", None),
        ("bytes=0-1, -1", None),
    ],
)
def test_requested_range(header, expected):
    assert requested_range(header, 1000) == expected


@pytest.mark.parametrize(
    ("header", "size"),
    [("bytes=1000-", 1000), ("bytes=5000-6000", 1000), ("bytes=-0", 1000), ("bytes=0-", 0)],
)
def test_a_range_wholly_past_the_end_cannot_be_satisfied(header, size):
    with pytest.raises(Unsatisfiable):
        requested_range(header, size)
