"""Uploaded MP4 and WebM files: recognised by content, their metadata blanked.

Phones and cameras write where and when a video was shot into it, and which
device shot it: MP4 ``udta/©xyz``, Apple's ``meta`` location keys, XMP,
makers' ``uuid`` boxes (serial numbers, GPS), the creation times in the
movie, track and media headers; WebM tags, the date and the names of the
programs that wrote the file. Re-encoding video is out of reach here, but
metadata lives in boxes (MP4) or elements (WebM) of its own: each is
overwritten in place by padding of the same size (``free`` boxes, ``Void``
elements) and times by zeros, so no offset in the file changes and it plays
as before. In MP4 only the boxes a player needs are kept; any other box, known
or not, is blanked. Files with tracks other than video and audio are refused:
a GoPro's GPS track or a drone's position subtitles are samples, not metadata,
and cannot be blanked this way.
"""

import hashlib
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .validation import check_size

VIDEO_ACCEPT = "video/mp4,video/webm"
CHUNK = 1024 * 1024

# MP4 (ISO base media file format). The boxes a player needs, by the box they
# sit in (b"" for the top level of the file); those that hold boxes themselves
# are walked. Anything else found at these levels (udta, meta, every uuid, a
# maker's own boxes, prft's wall-clock time) becomes a free box. Sample entries
# (inside stsd), dref and mdat are kept whole and not walked.
MP4_KEPT = {
    parent: set(children.split())
    for parent, children in {
        b"": b"ftyp styp moov mdat moof mfra sidx ssix",
        b"moov": b"mvhd trak mvex iods",
        b"trak": b"tkhd tref trgr edts mdia",
        b"edts": b"elst",
        b"mdia": b"mdhd hdlr elng minf",
        b"minf": b"vmhd smhd hmhd nmhd sthd gmhd hdlr dinf stbl",
        b"dinf": b"dref",
        b"stbl": b"stsd stts ctts cslg stss stps stsh stsc stsz stz2 stco co64 padb stdp sdtp"
        b" sbgp sgpd subs saiz saio",
        b"mvex": b"mehd trex leva trep",
        b"moof": b"mfhd traf",
        b"traf": b"tfhd tfdt trun sdtp sbgp sgpd subs saiz saio senc",
        b"mfra": b"tfra mfro",
    }.items()
}
# Allowed anywhere; players skip them, so their bodies are zeroed too.
MP4_PADDING = {b"free", b"skip", b"wide"}
# Full boxes whose creation and modification times follow version and flags.
MP4_DATED = {b"mvhd", b"tkhd", b"mdhd"}
MP4_TIMES_LENGTH = {b"\0": 8, b"\1": 16}  # two 32-bit times in version 0, 64-bit in 1
MP4_TRACKS = {b"vide", b"soun", b"tmcd"}
QUICKTIME_BRAND = b"qt  "

# WebM (Matroska/EBML) element ids
EBML = 0x1A45DFA3
DOC_TYPE = 0x4282
VOID = 0xEC
CRC_32 = 0xBF
SEGMENT = 0x18538067
INFO = 0x1549A966
CLUSTER = 0x1F43B675
TRACKS = 0x1654AE6B
TRACK_ENTRY = 0xAE
TRACK_TYPE = 0x83
WEBM_METADATA = {0x1254C367, 0x1941A469}  # Tags, Attachments
# Info's date, title, file names and the programs that wrote the file; the
# rest of Info (timestamp scale, duration, segment ids) is needed to play it.
INFO_METADATA = {
    0x4461,  # DateUTC
    0x7BA9,  # Title
    0x4D80,  # MuxingApp
    0x5741,  # WritingApp
    0x7384,  # SegmentFilename
    0x3C83AB,  # PrevFilename
    0x3E83BB,  # NextFilename
}
SEGMENT_CHILDREN = {
    0x114D9B74,  # SeekHead
    INFO,
    TRACKS,
    0x1C53BB6B,  # Cues
    CLUSTER,
    0x1043A770,  # Chapters
    *WEBM_METADATA,
    VOID,
    CRC_32,
}
# A cluster written without a size ends where the next of these begins.
LEVEL_ONE = SEGMENT_CHILDREN - {VOID, CRC_32}
WEBM_TRACK_TYPES = {1, 2}  # video, audio
UNKNOWN_SIZE = -1


class Damaged(Exception):
    pass


class ExtraTrack(Exception):
    pass


def clean_video(upload):
    """Check ``upload`` and blank its metadata in place; return ``(format, checksum)``.

    ``format`` is "mp4" or "webm". ``ValidationError`` when refused.
    """
    check_size(upload, settings.MEDIA_MAX_VIDEO_BYTES)
    digest = sha256(upload)
    upload.seek(0)
    head = upload.read(12)
    try:
        if head[4:8] == b"ftyp":
            format, ranges = "mp4", mp4_metadata(upload, upload.size)
        elif head[:4] == EBML.to_bytes(4):
            format, ranges = "webm", webm_metadata(upload, upload.size)
        else:
            raise ValidationError(
                _("%(name)s is not an MP4 or WebM video."),
                code="not_a_video",
                params={"name": upload.name},
            )
    except Damaged as error:
        raise ValidationError(
            _("%(name)s is damaged or is not a video this site can play (MP4 or WebM)."),
            code="damaged",
            params={"name": upload.name},
        ) from error
    except ExtraTrack as error:
        raise ValidationError(
            _(
                "%(name)s carries a track besides video and audio (such as GPS or telemetry "
                "from an action camera or drone, or subtitles). Export it with only its video "
                "and sound, then upload it again."
            ),
            code="extra_track",
            params={"name": upload.name},
        ) from error
    for blank in ranges:
        blank(upload.file)
    upload.seek(0)
    return format, digest


def sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


# MP4 ------------------------------------------------------------------------


def mp4_metadata(file, end):
    """Blanking actions for every metadata box of an MP4 file; raises if it is not one."""
    boxes = list(mp4_boxes(file, 0, end))
    if not boxes or boxes[0][0] != b"ftyp":
        raise Damaged("no ftyp box")
    file.seek(boxes[0][1] + boxes[0][3])
    major_brand = file.read(4)
    if major_brand == QUICKTIME_BRAND:
        raise Damaged("QuickTime, not MP4")
    types = {box[0] for box in boxes}
    if b"moov" not in types or not types & {b"mdat", b"moof"}:
        raise Damaged("no movie or media data")
    actions = []
    collect_mp4(file, boxes, actions)
    return actions


def mp4_boxes(file, start, end):
    """``(type, offset, size, header_size)`` of the boxes between ``start`` and ``end``."""
    offset = start
    while offset < end:
        if end - offset < 8:
            raise Damaged("truncated box header")
        file.seek(offset)
        size, kind = struct.unpack(">I4s", file.read(8))
        header = 8
        if size == 1:
            data = file.read(8)
            if len(data) < 8:
                raise Damaged("truncated large size")
            size, header = struct.unpack(">Q", data)[0], 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise Damaged(f"box {kind!r} overruns its container")
        yield kind, offset, size, header
        offset += size


def collect_mp4(file, boxes, actions, parent=b""):
    kept = MP4_KEPT[parent]
    for kind, offset, size, header in boxes:
        if kind in MP4_PADDING:
            actions.append(_zeroing(offset + header, offset + size))
        elif kind not in kept:
            actions.append(_blank_mp4_box(offset, size, header))
        elif kind in MP4_DATED:
            actions.append(_zeroing(*mp4_times(file, kind, offset, size, header)))
        elif kind in MP4_KEPT:
            children = list(mp4_boxes(file, offset + header, offset + size))
            if kind == b"trak":
                check_mp4_track(file, children)
            collect_mp4(file, children, actions, parent=kind)


def mp4_times(file, kind, offset, size, header):
    """``(start, stop)`` of the creation and modification times in an mvhd, tkhd or mdhd box."""
    file.seek(offset + header)
    length = MP4_TIMES_LENGTH.get(file.read(1) if size > header else b"")
    if length is None or size - header < 4 + length:
        raise Damaged(f"box {kind!r} of unknown version or too short")
    start = offset + header + 4
    return start, start + length


def check_mp4_track(file, children):
    """Refuse a track whose handler is not video, sound or timecode."""
    for kind, offset, size, header in children:
        if kind != b"mdia":
            continue
        for child_kind, child_offset, _size, child_header in mp4_boxes(
            file, offset + header, offset + size
        ):
            if child_kind == b"hdlr":
                file.seek(child_offset + child_header + 8)  # version, flags, pre_defined
                if file.read(4) not in MP4_TRACKS:
                    raise ExtraTrack
                return
    raise Damaged("track without handler")


def _blank_mp4_box(offset, size, header):
    """Turn the box into a ``free`` box of the same size with a zeroed body."""

    def blank(file):
        file.seek(offset + 4)
        file.write(b"free")
        _zero(file, offset + header, offset + size)

    return blank


def _zeroing(start, stop):
    """Zero the bytes from ``start`` to ``stop``."""

    def blank(file):
        _zero(file, start, stop)

    return blank


# WebM -----------------------------------------------------------------------


def webm_metadata(file, end):
    """Blanking actions for the Tags, Attachments and Info metadata of a WebM file; raises if
    it is not one."""
    elements = list(ebml_elements(file, 0, end, top_level=True))
    if not elements or elements[0][0] != EBML:
        raise Damaged("no EBML header")
    _id, offset, size, header = elements[0]
    doc_type = b""
    for child_id, child_offset, child_size, child_header in ebml_elements(
        file, offset + header, offset + size
    ):
        if child_id == DOC_TYPE:
            file.seek(child_offset + child_header)
            doc_type = file.read(child_size - child_header)
    if doc_type.rstrip(b"\0") != b"webm":
        raise Damaged("not a WebM document")
    segments = [e for e in elements if e[0] == SEGMENT]
    if len(segments) != 1:
        raise Damaged("expected one segment")
    _id, offset, size, header = segments[0]
    actions = []
    for child_id, child_offset, child_size, child_header in segment_children(
        file, offset + header, offset + size
    ):
        if child_id in WEBM_METADATA:
            actions.append(_blank_webm_element(child_offset, child_size))
        elif child_id == INFO:
            actions += info_metadata(file, child_offset + child_header, child_offset + child_size)
        elif child_id == TRACKS:
            check_webm_tracks(file, child_offset + child_header, child_offset + child_size)
    return actions


def info_metadata(file, start, end):
    """Blanking actions for the metadata among the Info element's children."""
    children = list(ebml_elements(file, start, end))
    actions = [_blank_webm_element(o, size) for i, o, size, _h in children if i in INFO_METADATA]
    if actions:
        # The checksum covered what is blanked; a wrong one is worse than none.
        actions += [_blank_webm_element(o, size) for i, o, size, _h in children if i == CRC_32]
    return actions


def segment_children(file, start, end):
    """The segment's top-level elements, walking into clusters of unknown size."""
    offset = start
    while offset < end:
        element_id, size, header = read_element_header(file, offset, end)
        if element_id not in SEGMENT_CHILDREN:
            raise Damaged(f"unexpected element {element_id:#x} in segment")
        if size == UNKNOWN_SIZE:
            if element_id != CLUSTER:
                raise Damaged("element of unknown size")
            size = header + unknown_cluster_length(file, offset + header, end)
        if offset + size > end:
            raise Damaged("element overruns the segment")
        yield element_id, offset, size, header
        offset += size


def unknown_cluster_length(file, start, end):
    """Length of a cluster's body written without a size: it ends at the next segment child."""
    offset = start
    while offset < end:
        element_id, size, _header = read_element_header(file, offset, end)
        if element_id in LEVEL_ONE:
            break
        if size == UNKNOWN_SIZE or offset + size > end:
            raise Damaged("cluster child of unknown size")
        offset += size
    return offset - start


def ebml_elements(file, start, end, top_level=False):
    offset = start
    while offset < end:
        element_id, size, header = read_element_header(file, offset, end)
        if size == UNKNOWN_SIZE:
            if not (top_level and element_id == SEGMENT):
                raise Damaged("element of unknown size")
            size = end - offset
        if offset + size > end:
            raise Damaged("element overruns its parent")
        yield element_id, offset, size, header
        offset += size


def check_webm_tracks(file, start, end):
    for element_id, offset, size, header in ebml_elements(file, start, end):
        if element_id != TRACK_ENTRY:
            continue
        track_type = None
        for child_id, child_offset, child_size, child_header in ebml_elements(
            file, offset + header, offset + size
        ):
            if child_id == TRACK_TYPE:
                file.seek(child_offset + child_header)
                track_type = int.from_bytes(file.read(child_size - child_header), "big")
        if track_type not in WEBM_TRACK_TYPES:
            raise ExtraTrack


def read_element_header(file, offset, end):
    """``(id, total size or UNKNOWN_SIZE, header size)`` of the EBML element at ``offset``."""
    file.seek(offset)
    head = file.read(min(12, end - offset))
    element_id, id_length = _vint(head, 0, keep_marker=True)
    size, size_length = _vint(head, id_length, keep_marker=False)
    header = id_length + size_length
    if size == UNKNOWN_SIZE:
        return element_id, UNKNOWN_SIZE, header
    return element_id, header + size, header


def _vint(data, position, keep_marker):
    if position >= len(data) or data[position] == 0:
        raise Damaged("bad variable-length integer")
    first = data[position]
    length = 9 - first.bit_length()
    if position + length > len(data) or (keep_marker and length > 4):
        raise Damaged("truncated variable-length integer")
    value = int.from_bytes(data[position : position + length], "big")
    if keep_marker:
        return value, length
    value &= (1 << (7 * length)) - 1
    if value == (1 << (7 * length)) - 1:
        return UNKNOWN_SIZE, length
    return value, length


def _blank_webm_element(offset, size):
    """Overwrite the element with a ``Void`` element of the same total size, zeroed.

    Any element takes at least two bytes (id and size), as does the smallest Void."""

    def blank(file):
        size_length = min(8, size - 1)
        body = size - 1 - size_length
        marker = 1 << (7 * size_length)
        file.seek(offset)
        file.write(bytes([VOID]) + (marker | body).to_bytes(size_length, "big"))
        _zero(file, offset + 1 + size_length, offset + size)

    return blank


def _zero(file, start, stop):
    file.seek(start)
    remaining = stop - start
    while remaining > 0:
        step = min(CHUNK, remaining)
        file.write(bytes(step))
        remaining -= step
