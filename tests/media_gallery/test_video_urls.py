"""YouTube and Vimeo addresses become ids; nothing else is accepted."""

import pytest
from django.core.exceptions import ValidationError

from media_gallery.video_urls import VideoRef, parse, player_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=M7lc1UVf-VE", VideoRef("youtube", "M7lc1UVf-VE")),
        (
            "https://youtube.com/watch?feature=share&v=M7lc1UVf-VE&t=42",
            VideoRef("youtube", "M7lc1UVf-VE"),
        ),
        ("http://m.youtube.com/watch?v=M7lc1UVf-VE", VideoRef("youtube", "M7lc1UVf-VE")),
        ("https://youtu.be/M7lc1UVf-VE?si=abc", VideoRef("youtube", "M7lc1UVf-VE")),
        ("https://www.youtube.com/shorts/M7lc1UVf-VE", VideoRef("youtube", "M7lc1UVf-VE")),
        ("https://www.youtube.com/embed/M7lc1UVf-VE?start=3", VideoRef("youtube", "M7lc1UVf-VE")),
        ("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE", VideoRef("youtube", "M7lc1UVf-VE")),
        ("https://www.youtube.com/live/M7lc1UVf-VE", VideoRef("youtube", "M7lc1UVf-VE")),
        ("  https://WWW.YOUTUBE.COM/watch?v=M7lc1UVf-VE  ", VideoRef("youtube", "M7lc1UVf-VE")),
        ("https://vimeo.com/76979871", VideoRef("vimeo", "76979871")),
        ("https://vimeo.com/76979871/8a3f2c1d9e", VideoRef("vimeo", "76979871", "8a3f2c1d9e")),
        (
            "https://player.vimeo.com/video/76979871?h=8a3f2c1d9e",
            VideoRef("vimeo", "76979871", "8a3f2c1d9e"),
        ),
        ("https://vimeo.com/channels/staffpicks/76979871", VideoRef("vimeo", "76979871")),
        ("https://vimeo.com/groups/shortfilms/videos/76979871", VideoRef("vimeo", "76979871")),
    ],
)
def test_known_addresses(url, expected):
    assert parse(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=M7lc1UVf-VE",
        "https://youtube.com.evil.example/watch?v=M7lc1UVf-VE",
        "https://www.dailymotion.com/video/x7tgad0",
        "javascript:alert(1)//youtube.com/watch?v=M7lc1UVf-VE",
        "ftp://youtube.com/watch?v=M7lc1UVf-VE",
        "https://user:pass@youtube.com/watch?v=M7lc1UVf-VE",
        "M7lc1UVf-VE",
        "",
    ],
)
def test_unknown_hosts_are_refused(url):
    with pytest.raises(ValidationError) as caught:
        parse(url)
    assert caught.value.code == "unknown_host"
    assert "Only YouTube and Vimeo addresses are accepted" in caught.value.messages[0]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@NCRI",
        "https://youtu.be/",
        "https://vimeo.com/about",
        "https://vimeo.com/76979871/not-a-hash!",
        "https://player.vimeo.com/api/player.js",
    ],
)
def test_addresses_without_a_video_are_refused(url):
    with pytest.raises(ValidationError) as caught:
        parse(url)
    assert caught.value.code == "no_video_id"


def test_players_are_the_privacy_friendly_ones():
    assert (
        player_url("youtube", "M7lc1UVf-VE")
        == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?rel=0"
    )
    assert player_url("vimeo", "76979871") == "https://player.vimeo.com/video/76979871?dnt=1"
    assert (
        player_url("vimeo", "76979871", "8a3f2c1d9e")
        == "https://player.vimeo.com/video/76979871?dnt=1&h=8a3f2c1d9e"
    )
