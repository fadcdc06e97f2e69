// Post lock heartbeat of the post and page forms (desk/locking.py). Every
// data-seconds seconds the open form tells the server it is still open; the
// answer says who holds the post's lock. A page that held the lock and lost
// it shows "<name> has taken over this post" and stops beating; a page opened
// while a colleague held it hides its notice once the lock comes free and is
// taken by this page; a page whose post is no longer the user's to change
// (403) or is gone (404) says so. Saving the form stops the beat: the save
// releases the lock, and a late beat must not take it back.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const settings = document.getElementById("desk-lock");
  const form = settings && settings.closest("form");
  if (!form) {
    return;
  }
  // The notice of a colleague's lock, when the page was opened while they held it.
  const held = form.querySelector(".desk-lock-held");
  const taken = form.querySelector(".desk-lock-taken");
  const lost = form.querySelector(".desk-lock-lost");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  let mine = settings.dataset.held !== "yes";
  let timer = null;

  function stop() {
    window.clearInterval(timer);
  }

  function show(notice, name) {
    notice.querySelector(".desk-lock-name").textContent = name;
    notice.hidden = false;
  }

  function answered(lock) {
    if (lock.mine) {
      mine = true;
      if (held) {
        held.hidden = true;
      }
    } else if (mine) {
      stop();
      show(taken, lock.held_by);
    } else {
      show(held, lock.held_by);
    }
  }

  function beat() {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    fetch(settings.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          // No longer this user's to edit (an Editor published a Contributor's post,
          // say), or deleted: beating again changes nothing, and a save would fail.
          stop();
          if (held) {
            held.hidden = true;
          }
          lost.hidden = false;
        }
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(answered)
      .catch(function () {
        // A missed beat: the next one renews the lock, if it has not expired meanwhile.
      });
  }

  form.addEventListener("submit", function (event) {
    // The Preview button submits the form to another tab: editing goes on.
    if (!event.submitter || event.submitter.name !== "_preview") {
      stop();
    }
  });
  timer = window.setInterval(beat, Number(settings.dataset.seconds) * 1000);
});
