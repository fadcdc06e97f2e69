"""Uploaded MP4 and WebM files: recognised by content, location metadata blanked in place."""

import pytest
from django.core.exceptions import ValidationError

from media_gallery.video_files import clean_video

from . import samples


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
    ],
)
def test_other_files_are_refused(data, code):
    assert refusal(data) == code


def test_size_limit(settings):
    settings.MEDIA_MAX_VIDEO_BYTES = 1_000
    assert refusal(samples.mp4()) == "too_large"
