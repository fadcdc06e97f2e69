/* Admin: drag a gallery's item rows to reorder them; the order numbers are
 * rewritten to follow (10, 20, 30…). Typing numbers still works, and is the
 * keyboard way to reorder. */
(function () {
  "use strict";

  function rows(body) {
    return Array.prototype.slice.call(body.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  function renumber(body) {
    var position = 0;
    rows(body).forEach(function (row) {
      var order = row.querySelector("input[name$='-sort_order']");
      var choices = row.querySelectorAll("select[name$='-image'], select[name$='-video']");
      var hasMedia = Array.prototype.some.call(choices, function (select) {
        return select.value;
      });
      if (order && hasMedia) {
        position += 10;
        order.value = position;
      }
    });
  }

  function setUp(body) {
    var dragged = null;
    body.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("tr.form-row");
      if (dragged) {
        dragged.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
      }
    });
    body.addEventListener("dragover", function (event) {
      var over = event.target.closest("tr.form-row");
      if (!dragged || !over || over === dragged) {
        return;
      }
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? over.nextSibling : over);
    });
    body.addEventListener("dragend", function () {
      if (dragged) {
        dragged.classList.remove("is-dragging");
        dragged = null;
        renumber(body);
      }
    });
    rows(body).forEach(function (row) {
      row.draggable = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".gallery-items tbody").forEach(setUp);
  });
  document.addEventListener("formset:added", function (event) {
    var row = event.target.closest ? event.target.closest("tr.form-row") : null;
    if (row) {
      row.draggable = true;
    }
  });
})();
