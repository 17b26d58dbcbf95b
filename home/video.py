"""Video links from the two providers we embed, turned into privacy-friendly player addresses."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.utils.translation import gettext_lazy as _

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{1,12}$")


class VideoURLError(ValueError):
    pass


@dataclass(frozen=True)
class Video:
    provider: str
    video_id: str
    watch_url: str
    embed_url: str


def parse_video_url(url):
    """A Video for a YouTube or Vimeo address, or VideoURLError saying what is wrong."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [part for part in parsed.path.split("/") if part]
    if parsed.scheme not in ("http", "https"):
        raise VideoURLError(_("Give the video's web address, starting with https://."))
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            video_id = parse_qs(parsed.query).get("v", [None])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live"):
            video_id = path[1]
    elif host == "youtu.be" and path:
        video_id = path[0]
    if video_id is not None:
        if not YOUTUBE_ID.match(video_id):
            raise VideoURLError(_("This YouTube address does not point at a video."))
        return Video(
            provider="YouTube",
            video_id=video_id,
            watch_url=f"https://www.youtube.com/watch?v={video_id}",
            # The no-cookie host sets no tracking cookies until the video plays.
            embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        candidate = path[-1] if path else ""
        if not VIMEO_ID.match(candidate):
            raise VideoURLError(_("This Vimeo address does not point at a video."))
        return Video(
            provider="Vimeo",
            video_id=candidate,
            watch_url=f"https://vimeo.com/{candidate}",
            embed_url=f"https://player.vimeo.com/video/{candidate}?dnt=1&autoplay=1",
        )
    raise VideoURLError(_("Only YouTube and Vimeo videos can be embedded."))
