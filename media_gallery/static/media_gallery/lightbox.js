/* Lightbox for galleries: an enhancement of plain links to each item's page.
 *
 * Markup (media_gallery/includes/gallery_grid.html): a [data-lightbox] block
 * holds links [data-lightbox-item], each followed by a <template
 * data-lightbox-content> with the large picture or video facade, and a
 * <dialog data-lightbox-dialog>. The modal dialog keeps focus inside and
 * closes on Escape; focus then returns to the link of the item last shown.
 * Arrow keys, Home/End, the buttons and horizontal swipes move between
 * items. Without JavaScript (or <dialog>), the links open the item pages.
 */
(function () {
  "use strict";

  var SWIPE_DISTANCE = 50;

  function setUp(root) {
    var dialog = root.querySelector("[data-lightbox-dialog]");
    var links = Array.prototype.slice.call(root.querySelectorAll("[data-lightbox-item]"));
    if (!dialog || !links.length || typeof dialog.showModal !== "function") {
      return;
    }
    var stage = dialog.querySelector("[data-lightbox-stage]");
    var counter = dialog.querySelector("[data-lightbox-counter]");
    var closeButton = dialog.querySelector("[data-lightbox-close]");
    var rtl = getComputedStyle(root).direction === "rtl";
    var current = 0;
    var swipeStart = null;

    function contentOf(index) {
      var template = links[index].parentNode.querySelector("template[data-lightbox-content]");
      return template ? template.content.cloneNode(true) : document.createTextNode("");
    }

    function show(index) {
      current = (index + links.length) % links.length;
      stage.replaceChildren(contentOf(current));
      counter.textContent = counter.dataset.template
        .replace("{index}", String(current + 1))
        .replace("{total}", String(links.length));
    }

    function open(index) {
      show(index);
      dialog.showModal();
      closeButton.focus();
    }

    function move(step) {
      show(current + step);
    }

    function close() {
      dialog.close();
      stage.replaceChildren(); // stops a playing video
      links[current].focus(); // after close(), which returns focus to the link first opened
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return; // a new tab or window: let the browser open the item's page
        }
        event.preventDefault();
        open(index);
      });
    });

    dialog.querySelector("[data-lightbox-previous]").addEventListener("click", function () {
      move(-1);
    });
    dialog.querySelector("[data-lightbox-next]").addEventListener("click", function () {
      move(1);
    });
    closeButton.addEventListener("click", close);
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape: close here, so that focus lands on the current item
      close();
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.target.closest("video, input, textarea, select")) {
        return; // arrow keys there belong to the control
      }
      var forward = rtl ? "ArrowLeft" : "ArrowRight";
      var backward = rtl ? "ArrowRight" : "ArrowLeft";
      if (event.key === forward) {
        move(1);
      } else if (event.key === backward) {
        move(-1);
      } else if (event.key === "Home") {
        show(0);
      } else if (event.key === "End") {
        show(links.length - 1);
      } else {
        return;
      }
      event.preventDefault();
    });

    // A click on the backdrop (the dialog itself, outside its content) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        close();
      }
    });

    stage.addEventListener("pointerdown", function (event) {
      swipeStart = { x: event.clientX, y: event.clientY };
    });
    stage.addEventListener("pointerup", function (event) {
      if (!swipeStart) {
        return;
      }
      var dx = event.clientX - swipeStart.x;
      var dy = event.clientY - swipeStart.y;
      swipeStart = null;
      if (Math.abs(dx) > SWIPE_DISTANCE && Math.abs(dx) > Math.abs(dy)) {
        var towardsStart = dx > 0;
        move(towardsStart !== rtl ? -1 : 1);
      }
    });
    stage.addEventListener("pointercancel", function () {
      swipeStart = null;
    });
    stage.addEventListener("dragstart", function (event) {
      event.preventDefault(); // a mouse swipe must not drag the picture away
    });
  }

  document.querySelectorAll("[data-lightbox]").forEach(setUp);
})();
