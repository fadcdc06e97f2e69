"""Uploaded MP4 and WebM files: recognised by content, identifying metadata blanked in place."""

import json
import shutil
import struct
import subprocess

import pytest
from django.core.exceptions import ValidationError

from media_gallery.video_files import clean_video

from . import samples

FFMPEG, FFPROBE = shutil.which("ffmpeg"), shutil.which("ffprobe")
needs_ffmpeg = pytest.mark.skipif(
    not (FFMPEG and FFPROBE),
    reason="ffmpeg/ffprobe not installed (CI has none): decoding cleaned files is checked "
    "where they are; the structure checks above run everywhere",
)
MP4_CONTAINERS = {b"moov", b"trak", b"edts", b"mdia", b"minf", b"dinf", b"stbl"}
MP4_DATED = {b"mvhd", b"tkhd", b"mdhd"}
# What the camera sample carries beyond the media, where it sits.
MP4_TRACES = {(b"moov", b"uuid"), (b"moov", b"cmra"), (b"uuid",), (b"sefd",)}
VOID = 0xEC
TIMESTAMP_SCALE, SEGMENT_UID, DURATION = 0x2AD7B1, 0x73A4, 0x4489


def cleaned(data, name="clip.mp4"):
    upload = samples.upload(data, name, "video/mp4")
    format, checksum = clean_video(upload)
    upload.seek(0)
    return format, checksum, upload.read()


def refusal(data, name="clip.mp4"):
    with pytest.raises(ValidationError) as caught:
        clean_video(samples.upload(data, name, "video/mp4"))
    return caught.value.code


def test_mp4_location_is_blanked_and_nothing_moves():
    original = samples.mp4()
    assert original.count(samples.LOCATION) == 2
    format, checksum, data = cleaned(original)
    assert format == "mp4"
    assert len(checksum) == 64
    assert len(data) == len(original)
    for marker in (
        samples.LOCATION,
        b"com.apple.quicktime.location",
        b"xmpmeta",
        samples.SERIAL.encode(),
    ):
        assert marker not in data
    top = samples.mp4_boxes(data)
    assert [kind for kind, _offset, _size in top] == [b"ftyp", b"moov", b"free", b"mdat"]
    assert top == [
        (kind.replace(b"uuid", b"free"), o, s) for kind, o, s in samples.mp4_boxes(original)
    ]
    _kind, moov, size = top[1]
    assert [kind for kind, *_ in samples.mp4_boxes(data, moov + 8, moov + size)] == [
        b"mvhd",
        b"trak",
        b"trak",
        b"free",
        b"free",
    ]
    _kind, mdat, _size = top[3]
    assert data[mdat + 8 :] == samples.FRAMES  # the media itself is untouched


def test_mp4_without_metadata_is_unchanged():
    original = samples.mp4(location=False)
    assert cleaned(original)[2] == original


@pytest.mark.parametrize(
    ("handlers", "code"),
    [
        ((b"vide", b"soun", b"meta"), "extra_track"),  # a GoPro's GPS (GPMF) track
        ((b"vide", b"text"), "extra_track"),  # a drone's position subtitles
        ((b"vide", b"soun", b"tmcd"), None),  # a timecode track is harmless
    ],
)
def test_mp4_tracks_other_than_video_and_audio_are_refused(handlers, code):
    if code is None:
        assert cleaned(samples.mp4(handlers=handlers))[0] == "mp4"
    else:
        assert refusal(samples.mp4(handlers=handlers)) == code


def test_quicktime_movie_is_not_mp4():
    assert refusal(samples.mp4(brand=b"qt  "), "clip.mov") == "damaged"


def test_truncated_mp4_is_refused():
    assert refusal(samples.mp4()[:-100]) == "damaged"


@pytest.mark.parametrize("unknown_sizes", [False, True], ids=["sized", "live-recorder"])
def test_webm_tags_and_attachments_become_void(unknown_sizes):
    original = samples.webm(unknown_sizes=unknown_sizes)
    format, _checksum, data = cleaned(original, "clip.webm")
    assert format == "webm"
    assert len(data) == len(original)
    assert samples.LOCATION not in data
    assert samples.SERIAL.encode() not in data
    assert samples.FRAMES in data
    assert data.index(samples.FRAMES) == original.index(samples.FRAMES)


def test_webm_with_a_subtitle_track_is_refused():
    assert refusal(samples.webm(track_types=(1, 17)), "clip.webm") == "extra_track"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.jpeg(), "not_a_video"),
        (b"", "empty"),
        (samples.webm()[:40], "damaged"),
        (samples.mp4().replace(b"moov", b"moof", 1)[:200], "damaged"),
        (samples.mp4().replace(b"mvhd\0", b"mvhd\2", 1), "damaged"),  # where would its times be?
    ],
)
def test_other_files_are_refused(data, code):
    assert refusal(data) == code


def test_size_limit(settings):
    settings.MEDIA_MAX_VIDEO_BYTES = 1_000
    assert refusal(samples.mp4()) == "too_large"


# Times, makers' boxes and writing programs ------------------------------------


def box_tree(data, start=0, end=None, path=()):
    """``[(path, offset, size)]`` of every box, walking into the containers of a movie."""
    tree = []
    for kind, offset, size in samples.mp4_boxes(data, start, end):
        tree.append(((*path, kind), offset, size))
        if kind in MP4_CONTAINERS:
            tree += box_tree(data, offset + 8, offset + size, (*path, kind))
    return tree


def header_times(data, offset):
    """Creation and modification time in the mvhd, tkhd or mdhd box at ``offset``."""
    layout = ">QQ" if data[offset + 8] else ">II"
    return struct.unpack_from(layout, data, offset + 12)


def test_mp4_creation_and_modification_times_are_zeroed():
    """mvhd, tkhd and mdhd no longer say when the video was filmed, in either layout."""
    original = samples.camera_mp4()
    data = cleaned(original)[2]
    dated = [(path[-1], o, s) for path, o, s in box_tree(original) if path[-1] in MP4_DATED]
    assert [(kind, original[o + 8]) for kind, o, _s in dated] == [
        (b"mvhd", 1),
        (b"tkhd", 0),
        (b"mdhd", 1),
        (b"tkhd", 1),
        (b"mdhd", 0),
    ]
    filmed = samples.FILMED
    assert [header_times(original, o) for _k, o, _s in dated] == [
        (filmed + n, filmed + 60 + n) for n in (0, 2, 3, 4, 5)
    ]
    assert [header_times(data, o) for _k, o, _s in dated] == [(0, 0)] * 5
    assert not [t for t in range(filmed, filmed + 66) if struct.pack(">I", t) in data]
    for _kind, offset, size in dated:  # nothing else in the header changes
        stop = offset + (28 if original[offset + 8] else 20)
        assert data[offset : offset + size] == (
            original[offset : offset + 12]
            + bytes(stop - offset - 12)
            + original[stop : offset + size]
        )


def test_mp4_boxes_not_needed_to_play_become_empty_free_boxes():
    """A maker's uuid boxes and boxes of kinds we do not know, at the top level or in the movie,
    become free boxes of the same size with nothing left in them; every box a player needs
    stays where it was, byte for byte, and the file is still an MP4 with nothing to blank."""
    original = samples.camera_mp4()
    data = cleaned(original)[2]
    traces = (samples.CAMERA_SERIAL, samples.CAMERA_GPS, samples.OWNER.encode(), b"Image_UTC")
    assert all(trace in original for trace in traces)
    assert [trace for trace in traces if trace in data] == []
    before = box_tree(original)
    assert MP4_TRACES.issubset(path for path, _o, _s in before)
    assert box_tree(data) == [
        ((*path[:-1], b"free") if path in MP4_TRACES else path, offset, size)
        for path, offset, size in before
    ]
    free = [(o, s) for path, o, s in box_tree(data) if path[-1] == b"free"]
    assert len(free) == 5  # the four traces and the free box a tool left its content in
    assert all(data[o + 8 : o + s] == bytes(s - 8) for o, s in free)
    changed = MP4_CONTAINERS | MP4_DATED | {b"free"} | {path[-1] for path in MP4_TRACES}
    kept = [(path[-1], o, s) for path, o, s in before if path[-1] not in changed]
    assert {kind for kind, _o, _s in kept} == {
        *(b"ftyp", b"elst", b"hdlr", b"vmhd", b"smhd", b"dref"),
        *(b"stsd", b"stts", b"stsc", b"stsz", b"stco", b"mdat"),
    }
    assert [kind for kind, o, s in kept if data[o : o + s] != original[o : o + s]] == []
    assert cleaned(data)[::2] == ("mp4", data)


def ebml_children(data, start, end):
    """``[(id, offset, size, header size)]`` of the EBML elements in ``data[start:end]``."""
    found, offset = [], start
    while offset < end:
        size_at = offset + 9 - data[offset].bit_length()
        length = 9 - data[size_at].bit_length()
        body = int.from_bytes(data[size_at : size_at + length], "big") & ((1 << 7 * length) - 1)
        header = size_at + length - offset
        found.append((int.from_bytes(data[offset:size_at], "big"), offset, header + body, header))
        offset += header + body
    return found


def info_children(data):
    (_id, segment, size, header) = ebml_children(data, 0, len(data))[1]
    _id, info, size, header = ebml_children(data, segment + header, segment + size)[0]
    return ebml_children(data, info + header, info + size)


@pytest.mark.parametrize(
    ("size_length", "title"),
    [(8, samples.TITLE), (1, samples.TITLE), (1, b"")],
    ids=["long-sizes", "short-sizes", "empty-title"],
)
def test_webm_info_date_title_and_writing_programs_become_void(size_length, title):
    """Info no longer says when the video was made, its title or the apps that wrote it;
    timestamp scale, segment id and duration stay where they were, byte for byte."""
    original = samples.camera_webm(size_length=size_length, title=title)
    data = cleaned(original, "clip.webm")[2]
    assert len(data) == len(original)
    traces = (samples.MUXING_APP, samples.WRITING_APP, samples.DATE_UTC, title)
    assert all(trace in original for trace in traces)
    assert [trace for trace in traces if trace and trace in data] == []
    before, after = info_children(original), info_children(data)
    assert [element_id for element_id, *_ in after] == [
        *(TIMESTAMP_SCALE, VOID, VOID, SEGMENT_UID, VOID, VOID, DURATION)
    ]
    assert [(o, s) for _i, o, s, _h in after] == [(o, s) for _i, o, s, _h in before]
    for element_id, offset, size, header in after:
        if element_id == VOID:
            assert data[offset + header : offset + size] == bytes(size - header)
        else:
            assert data[offset : offset + size] == original[offset : offset + size]
    if not title:  # three bytes: the Void id and a two-byte size of nothing
        _id, offset, size, _header = after[5]
        assert data[offset : offset + size] == b"\xec\x40\x00"
    assert data[-150:] == original[-150:]  # the frames
    assert cleaned(data, "clip.webm")[2] == data


def test_webm_info_checksum_goes_with_what_it_covered():
    """A CRC-32 over Info would no longer match once its metadata is blanked: it becomes Void."""
    original = samples.camera_webm(crc=True)
    data = cleaned(original, "clip.webm")[2]
    assert info_children(original)[0][0] == 0xBF  # CRC-32
    assert [element_id for element_id, *_ in info_children(data)] == [
        *(VOID, TIMESTAMP_SCALE, VOID, VOID, SEGMENT_UID, VOID, VOID, DURATION)
    ]


# Cleaned files still play (ffmpeg) --------------------------------------------


def decoded(path):
    """ffmpeg's checksum of every decoded frame and sound packet; fails on any decoding error."""
    run = subprocess.run(
        [FFMPEG, "-v", "error", "-i", path, "-f", "framemd5", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stderr == ""
    return [line for line in run.stdout.splitlines() if not line.startswith("#")]


def probed(path):
    """ffprobe's streams and format, and the names of the tags it reads from them."""
    run = subprocess.run(
        [FFPROBE, "-v", "error", "-show_streams", "-show_format", "-of", "json", path],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stderr == ""
    found = json.loads(run.stdout)
    parts = [*found["streams"], found["format"]]
    tags = {name for part in parts for name in part.pop("tags", {})}
    del found["format"]["filename"]
    return found, tags


def plays_as_before(original, name, tmp_path, traces):
    before, after = tmp_path / f"before-{name}", tmp_path / f"after-{name}"
    before.write_bytes(original)
    after.write_bytes(cleaned(original, name)[2])
    frames = decoded(before)
    assert len(frames) >= 3
    assert decoded(after) == frames
    (streams_before, tags_before), (streams_after, tags_after) = probed(before), probed(after)
    assert streams_after == streams_before
    assert traces <= tags_before
    assert not traces & tags_after


@needs_ffmpeg
@pytest.mark.parametrize(
    ("sample", "name", "traces"),
    [
        (samples.camera_mp4, "clip.mp4", {"creation_time"}),
        (samples.camera_webm, "clip.webm", {"creation_time", "encoder", "title"}),
    ],
    ids=["mp4", "webm"],
)
def test_cleaned_camera_files_decode_to_the_same_frames(sample, name, traces, tmp_path):
    """ffmpeg reads the same streams and decodes the same frames, without the dates and names."""
    plays_as_before(sample(), name, tmp_path, traces)


@needs_ffmpeg
@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("clip.mp4", ["-c:v", "mpeg4", "-c:a", "aac"]),
        ("clip.mp4", ["-c:v", "mpeg4", "-c:a", "aac", "-movflags", "+faststart"]),
        ("clip.mp4", ["-c:v", "mpeg4", "-c:a", "aac", "-movflags", "+frag_keyframe+empty_moov"]),
        ("clip.webm", ["-c:v", "libvpx", "-c:a", "libopus"]),
    ],
    ids=["mp4", "faststart-mp4", "fragmented-mp4", "webm"],
)
def test_files_ffmpeg_writes_decode_to_the_same_frames(name, options, tmp_path):
    """Files as a real muxer lays them out keep every box and element their playback needs."""
    source = tmp_path / name
    run = subprocess.run(
        [
            *(FFMPEG, "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1"),
            *("-f", "lavfi", "-i", "sine=duration=1", *options),
            *("-metadata", "creation_time=2024-09-16T10:00:00Z", "-metadata", "title=Rally"),
            source,
        ],
        capture_output=True,
        text=True,
    )
    if run.returncode:
        pytest.skip(f"this ffmpeg cannot write {' '.join(options)}: {run.stderr.strip()}")
    plays_as_before(source.read_bytes(), name, tmp_path, {"creation_time"})
