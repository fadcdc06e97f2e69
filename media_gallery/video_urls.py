"""YouTube and Vimeo addresses, parsed to a video id, and the privacy-friendly players.

Only these two hosts are accepted; anything else is a form error. The site
never fetches a user-supplied address: the id is read from the address
itself, and the player address is built from the id.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
YOUTU_BE_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATH = re.compile(r"^/(?:embed|shorts|live|v|e)/([A-Za-z0-9_-]{11})/?$")
VIMEO_ID = re.compile(r"^\d{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com/embed/"
VIMEO_PLAYER = "https://player.vimeo.com/video/"

UNKNOWN_HOST = _(
    "Only YouTube and Vimeo addresses are accepted (for example "
    "https://www.youtube.com/watch?v=… or https://vimeo.com/…). Upload other videos as a file."
)
NO_VIDEO_ID = _(
    "This %(provider)s address does not point to a video: copy it from the video's page."
)


@dataclass(frozen=True)
class VideoRef:
    provider: str  # "youtube" | "vimeo"
    video_id: str
    privacy_hash: str = ""


def parse(url):
    """The ``VideoRef`` of a YouTube or Vimeo address; ``ValidationError`` for anything else."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise ValidationError(UNKNOWN_HOST, code="unknown_host")
    if host in YOUTUBE_HOSTS or host in YOUTU_BE_HOSTS:
        video_id = _youtube_id(host, parts)
        if not video_id:
            raise ValidationError(NO_VIDEO_ID, code="no_video_id", params={"provider": "YouTube"})
        return VideoRef("youtube", video_id)
    if host in VIMEO_HOSTS:
        ref = _vimeo_ref(host, parts)
        if ref is None:
            raise ValidationError(NO_VIDEO_ID, code="no_video_id", params={"provider": "Vimeo"})
        return ref
    raise ValidationError(UNKNOWN_HOST, code="unknown_host")


def _youtube_id(host, parts):
    if host in YOUTU_BE_HOSTS:
        candidate = parts.path.strip("/")
    elif parts.path.rstrip("/") == "/watch":
        candidate = parse_qs(parts.query).get("v", [""])[0]
    else:
        match = YOUTUBE_PATH.match(parts.path)
        candidate = match.group(1) if match else ""
    return candidate if YOUTUBE_ID.match(candidate) else None


def _vimeo_ref(host, parts):
    segments = [s for s in parts.path.split("/") if s]
    if host == "player.vimeo.com":
        if len(segments) != 2 or segments[0] != "video":
            return None
        segments = segments[1:]
    elif segments[:1] == ["channels"] and len(segments) >= 3:
        segments = segments[2:]
    elif segments[:1] == ["groups"] and len(segments) >= 4 and segments[2] == "videos":
        segments = segments[3:]
    if not segments or not VIMEO_ID.match(segments[0]) or len(segments) > 2:
        return None
    privacy_hash = segments[1] if len(segments) == 2 else parse_qs(parts.query).get("h", [""])[0]
    if privacy_hash and not VIMEO_HASH.match(privacy_hash):
        return None
    return VideoRef("vimeo", segments[0], privacy_hash)


def player_url(provider, video_id, privacy_hash=""):
    """The embeddable player: youtube-nocookie.com, or Vimeo with Do Not Track."""
    if provider == "youtube":
        return f"{YOUTUBE_PLAYER}{video_id}?{urlencode({'rel': 0})}"
    params = {"dnt": 1}
    if privacy_hash:
        params["h"] = privacy_hash
    return f"{VIMEO_PLAYER}{video_id}?{urlencode(params)}"
