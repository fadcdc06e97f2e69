"""The Pillow operations cleaned originals and renditions share.

Every file the site writes is encoded here, from pixels alone: ``encode``
clears what Pillow carried along from the upload (EXIF, XMP, IPTC, comments,
text chunks) and passes back only the colour profile, so no location or
camera serial number can reach a visitor through a file we serve.
"""

import io

from PIL import Image as PILImage
from PIL import ImageCms

# Like WordPress's big_image_size_threshold: larger uploads are scaled down
# to fit this box before anything is stored.
BIG_IMAGE_THRESHOLD = 2560

RESAMPLE = PILImage.Resampling.LANCZOS
# Resize in two steps (a fast integer reduce, then Lanczos) when shrinking by
# 3x or more: indistinguishable from a single Lanczos pass, several times faster.
REDUCING_GAP = 3.0

# Pillow format -> file extension and MIME subtype.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
MIME_SUBTYPES = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}

# Renditions use WordPress's qualities (82 JPEG, 86 WebP); the stored
# original keeps more, since every rendition is made from it.
SAVE_OPTIONS = {
    "JPEG": {"quality": 82},
    "PNG": {"compress_level": 6},
    "GIF": {},
    "WEBP": {"quality": 86, "method": 4},
    "AVIF": {"quality": 60, "speed": 8},
}
ORIGINAL_SAVE_OPTIONS = {
    **SAVE_OPTIONS,
    "JPEG": {"quality": 90},
    "WEBP": {"quality": 92, "method": 4},
    "AVIF": {"quality": 80, "speed": 8},
}
ICC_FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
ALPHA_FORMATS = {"PNG", "GIF", "WEBP", "AVIF"}

SRGB = ImageCms.createProfile("sRGB")


def working_copy(image):
    """``(image, icc_profile)`` in a mode every operation and format handles.

    RGB or L without transparency, RGBA or LA with it. A CMYK photo is
    converted through its own profile to sRGB, since browsers show CMYK
    JPEGs inconsistently.
    """
    icc_profile = image.info.get("icc_profile")
    if image.mode == "CMYK":
        if icc_profile:
            try:
                converted = ImageCms.profileToProfile(
                    image, io.BytesIO(icc_profile), SRGB, outputMode="RGB"
                )
                return converted, None
            except ImageCms.PyCMSError:
                pass
        return image.convert("RGB"), None
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return (image if image.mode in ("RGBA", "LA") else image.convert("RGBA")), icc_profile
    if image.mode in ("RGB", "L"):
        return image, icc_profile
    if image.mode == "1":
        return image.convert("L"), None
    return image.convert("RGB"), icc_profile


def fit_within(size, box):
    """``size`` scaled down to fit ``box`` (aspect kept), or ``size`` if it fits already."""
    width, height = size
    scale = min(box / width, box / height)
    if scale >= 1:
        return size
    return max(1, round(width * scale)), max(1, round(height * scale))


def resize(image, size, box=None):
    return image.resize(size, RESAMPLE, box=box, reducing_gap=REDUCING_GAP)


def crop_box(size, target, focal):
    """The region of an image of ``size`` to scale into ``target``, centred on ``focal``.

    ``focal`` is (x, y) in percent. The region has the target's aspect ratio,
    is as large as the image allows, and is moved (not shrunk) to stay inside
    the image when the focal point is near an edge.
    """
    width, height = size
    target_width, target_height = target
    scale = max(target_width / width, target_height / height)
    crop_width, crop_height = target_width / scale, target_height / scale
    centre_x, centre_y = focal[0] / 100 * width, focal[1] / 100 * height
    left = min(max(centre_x - crop_width / 2, 0), width - crop_width)
    top = min(max(centre_y - crop_height / 2, 0), height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def encode(image, format, icc_profile=None, options=SAVE_OPTIONS, frames=None):
    """``image`` (and further animation ``frames``) as bytes in ``format``, without metadata.

    Pillow copies an image's ``info`` (EXIF, XMP, comments) into some files
    it saves; emptying it first is what makes every output clean.
    """
    if format not in ALPHA_FORMATS and image.mode in ("RGBA", "LA"):
        image = image.convert(image.mode[:-1] or "RGB")
    params = dict(options[format])
    if icc_profile and format in ICC_FORMATS:
        params["icc_profile"] = icc_profile
    if frames:
        durations = [frame.info.get("duration", 100) for frame in [image, *frames]]
        if "loop" in image.info:
            params["loop"] = image.info["loop"]
        params.update(save_all=True, append_images=frames, duration=durations)
        for frame in frames:
            frame.info = {}
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, format=format, **params)
    return buffer.getvalue()
