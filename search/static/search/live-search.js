// As-you-type results under the header search box (ARIA combobox pattern).
// Without JavaScript the box is a plain form that opens the result page.
"use strict";
(function () {
  const form = document.querySelector("form[data-live-url]");
  if (!form) {
    return;
  }
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("#live-results");
  const status = form.querySelector("#live-status");
  const DELAY = 200;
  let timer = null;
  let controller = null;
  let active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function options() {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    const items = options();
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(results, query) {
    list.replaceChildren();
    results.forEach((result, index) => {
      const item = document.createElement("li");
      item.id = "live-result-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      const link = document.createElement("a");
      link.href = result.url;
      link.tabIndex = -1;
      if (result.thumbnail) {
        const image = document.createElement("img");
        image.src = result.thumbnail;
        image.alt = "";
        image.width = 48;
        image.height = 48;
        link.append(image);
      }
      const title = document.createElement("span");
      title.className = "live-results__title";
      title.textContent = result.title;
      const meta = document.createElement("span");
      meta.className = "live-results__meta";
      meta.textContent = [result.type, result.date].filter(Boolean).join(" · ");
      link.append(title, meta);
      item.append(link);
      item.addEventListener("mousedown", (event) => event.preventDefault());
      list.append(item);
    });
    const all = document.createElement("li");
    all.id = "live-result-all";
    all.setAttribute("role", "option");
    all.setAttribute("aria-selected", "false");
    const allLink = document.createElement("a");
    allLink.href = form.action + "?q=" + encodeURIComponent(query);
    allLink.tabIndex = -1;
    allLink.textContent = results.length ? "All results for “" + query + "”" : "No quick matches — search for “" + query + "”";
    all.append(allLink);
    list.append(all);
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    status.textContent = results.length === 1 ? "1 result" : results.length + " results";
  }

  function fetchResults() {
    const query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const url = new URL(form.dataset.liveUrl, window.location.href);
    url.searchParams.set("q", query);
    fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => render(data.results, query))
      .catch(() => {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchResults, DELAY);
  });

  input.addEventListener("keydown", function (event) {
    const items = options();
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      items[active].querySelector("a").click();
    } else if (event.key === "Escape") {
      close();
    }
  });

  input.addEventListener("blur", close);
})();
