"""The ``Range`` header of a request for a media file (RFC 9110, section 14).

Video players ask for a range to start playing, or to seek, without
downloading the whole file. Only a single byte range is answered, as nginx
does with ``max_ranges 1``: a header with several ranges, another unit or a
syntax error is ignored, and the whole file is sent, which the RFC allows. A
well-formed range that starts past the end cannot be satisfied (416).
"""

import re

# Positions of up to 18 digits (an exabyte): longer ones are malformed, never
# a number too long for int() to read.
SINGLE_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})", re.ASCII)


class Unsatisfiable(Exception):
    """A well-formed range that lies wholly outside the file."""


def requested_range(header, size):
    """``(first, last)`` (inclusive) of the one range ``header`` asks for in ``size`` bytes.

    None when the header is absent, malformed or asks for several ranges:
    the whole file is then the answer. ``Unsatisfiable`` when it asks only
    for bytes the file does not have.
    """
    match = SINGLE_RANGE.fullmatch(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    first = int(first)
    if last and int(last) < first:
        return None
    if first >= size:
        raise Unsatisfiable
    return first, min(int(last), size - 1) if last else size - 1
