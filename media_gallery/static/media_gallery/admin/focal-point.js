/* Admin: click the preview to set an image's focal point (the number fields
 * stay the way to set it by keyboard). A marker shows the current point. */
(function () {
  "use strict";

  function setUp(preview) {
    var form = preview.closest("form");
    var x = form.querySelector("[name=focal_x]");
    var y = form.querySelector("[name=focal_y]");
    var img = preview.querySelector("img");
    if (!x || !y || !img) {
      return;
    }
    var marker = document.createElement("span");
    marker.className = "focal-point__marker";
    marker.setAttribute("aria-hidden", "true");
    preview.appendChild(marker);

    function place() {
      marker.style.left = (Number(x.value) || 0) + "%";
      marker.style.top = (Number(y.value) || 0) + "%";
    }

    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      x.value = Math.round(((event.clientX - box.left) / box.width) * 100);
      y.value = Math.round(((event.clientY - box.top) / box.height) * 100);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-point]").forEach(setUp);
  });
})();
