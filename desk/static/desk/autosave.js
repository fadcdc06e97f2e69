// Autosave of the post and page forms (desk/autosaving.py). While the form
// changes, the whole form is posted at most every data-seconds seconds, and
// once more with sendBeacon when the tab is hidden or closed. The form is
// read with FormData when it is sent, so a rich-text editor that keeps its
// textarea in step is saved as it shows. Saving the form stops it: the save
// removes the autosave, and a late one must not come back after it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const settings = document.getElementById("desk-autosave");
  const form = settings && settings.closest("form");
  if (!form) {
    return;
  }
  const url = settings.dataset.url;
  const status = form.querySelector(".desk-autosave-status");
  let changed = false;
  let sending = false;
  let saving = false;

  function markChanged() {
    changed = true;
  }
  form.addEventListener("input", markChanged);
  form.addEventListener("change", markChanged);
  form.addEventListener("submit", function (event) {
    // The Preview button submits the form to another tab: editing goes on.
    if (!event.submitter || event.submitter.name !== "_preview") {
      saving = true;
    }
  });

  function send() {
    if (!changed || sending || saving) {
      return;
    }
    changed = false;
    sending = true;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (saved) {
        status.textContent = "Autosaved at " + saved.time + ".";
      })
      .catch(function () {
        changed = true;
        status.textContent = "Autosave failed; it will be tried again.";
      })
      .finally(function () {
        sending = false;
      });
  }

  // Browsers cap what a closing tab may send (about 64 KB): a longer form is
  // refused here and only the timed autosaves keep it.
  function sendBeforeLeaving() {
    if (changed && !saving && navigator.sendBeacon(url, new FormData(form))) {
      changed = false;
    }
  }
  window.setInterval(send, Number(settings.dataset.seconds) * 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      sendBeforeLeaving();
    }
  });
  window.addEventListener("pagehide", sendBeforeLeaving);
});
