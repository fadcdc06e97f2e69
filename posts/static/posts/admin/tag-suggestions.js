// Suggests existing tags while an editor types in the comma-separated tags
// field, so "Paris" is reused instead of a new "paris " being created. The
// field stays a plain text input: without JavaScript it works as before.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const input = document.querySelector("input[data-tag-suggestions-url]");
  if (!input) {
    return;
  }
  const list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");

  let timer = null;
  let controller = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });

  function suggest() {
    const parts = input.value.split(",");
    const term = parts.pop().trim();
    const kept = parts.map((part) => part.trim()).filter(Boolean);
    if (!term) {
      list.replaceChildren();
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const url = new URL(input.dataset.tagSuggestionsUrl, window.location.href);
    url.searchParams.set("term", term);
    fetch(url, { signal: controller.signal, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        list.replaceChildren(
          ...data.results
            .filter((name) => !kept.includes(name))
            .map((name) => {
              const option = document.createElement("option");
              option.value = kept.concat([name]).join(", ");
              return option;
            })
        );
      })
      .catch(() => {});
  }
});
