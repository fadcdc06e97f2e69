/* Click-to-load video players.
 *
 * A facade (media_gallery/includes/video_player.html) shows a poster served
 * by this site, or a plain placeholder, and a link to the privacy-friendly
 * player (youtube-nocookie.com, or Vimeo with dnt=1). Nothing is requested
 * from YouTube or Vimeo until the visitor presses play; then the link is
 * replaced by the player in an iframe. Without JavaScript the link opens the
 * player page itself. Delegated, so facades cloned into the lightbox work too.
 */
(function () {
  "use strict";

  var PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"];

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-video-player]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var url = new URL(link.href);
    if (PLAYER_ORIGINS.indexOf(url.origin) === -1) {
      return;
    }
    event.preventDefault();
    url.searchParams.set("autoplay", "1");
    var iframe = document.createElement("iframe");
    iframe.src = url.toString();
    iframe.title = link.dataset.videoTitle || "";
    iframe.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    var facade = link.closest("[data-video-facade]");
    facade.replaceChildren(iframe);
    iframe.focus();
  });
})();
