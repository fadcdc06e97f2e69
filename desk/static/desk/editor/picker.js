// The media picker of the desk's editor: a dialog listing the library
// (search by title, newest first, thumbnails) from desk/picker.py's JSON,
// with an upload for a new image and, for images, the details of this use.
import { crel, gettext } from "../../django_prose_editor/editor.js"
import { imageDetailsDialog } from "./extensions.js"

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  return field ? field.value : ""
}

async function fetchJson(url, options = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...options })
  const data = await response.json().catch(() => ({}))
  if (!response.ok) {
    const errors = Object.values(data.errors || {})
      .flat()
      .map((error) => error.message)
    throw new Error(errors.join(" ") || `${gettext("The server answered")} ${response.status}`)
  }
  return data
}

// Open a dialog listing ``url``'s results; resolves with the chosen one or null.
function pickFrom(editor, url, { title, render, uploadUrl }) {
  return new Promise((resolve) => {
    const search = crel("input", { type: "search", placeholder: gettext("Search by title") })
    const list = crel("ul", { className: "desk-picker__list" })
    const more = crel("button", { type: "button", textContent: gettext("More"), hidden: true })
    const status = crel("p", { className: "desk-picker__status", role: "status" })
    const close = crel("button", { type: "button", textContent: gettext("Cancel") })
    const parts = [crel("h3", { textContent: title }), search, status, list, more]
    let page = 1
    const dialog = crel("dialog", { className: "desk-picker prose-editor-dialog" })

    const finish = (value) => {
      dialog.close()
      dialog.remove()
      resolve(value)
    }

    async function load(reset) {
      if (reset) page = 1
      const query = new URLSearchParams({ q: search.value, page })
      status.textContent = gettext("Loading…")
      try {
        const data = await fetchJson(`${url}?${query}`)
        if (reset) list.replaceChildren()
        for (const item of data.results) {
          const choose = crel("button", { type: "button" }, render(item))
          choose.addEventListener("click", () => finish(item))
          list.append(crel("li", {}, [choose]))
        }
        more.hidden = !data.more
        status.textContent = list.children.length ? "" : gettext("Nothing found.")
      } catch (error) {
        status.textContent = error.message
      }
    }

    if (uploadUrl) {
      const file = crel("input", { type: "file", accept: "image/*" })
      const send = crel("button", { type: "button", textContent: gettext("Upload") })
      send.addEventListener("click", async () => {
        if (!file.files.length) return
        const body = new FormData()
        body.append("file", file.files[0])
        status.textContent = gettext("Uploading…")
        try {
          const image = await fetchJson(uploadUrl, {
            method: "POST",
            body,
            headers: { "X-CSRFToken": csrfToken() },
          })
          finish(image)
        } catch (error) {
          status.textContent = error.message
        }
      })
      parts.push(
        crel("fieldset", { className: "desk-picker__upload" }, [
          crel("legend", { textContent: gettext("Upload a new image") }),
          file,
          send,
        ]),
      )
    }
    parts.push(crel("div", { className: "prose-editor-dialog-buttons" }, [close]))
    dialog.append(...parts)

    let timer
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(() => load(true), 250)
    })
    more.addEventListener("click", () => {
      page += 1
      load(false)
    })
    close.addEventListener("click", () => finish(null))
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault()
      finish(null)
    })
    editor.view.dom.parentElement.append(dialog)
    dialog.showModal()
    load(true)
  })
}

// An image from the library (or uploaded), with its size, alignment, alt
// text and caption in this text: the LibraryImage node's attributes.
export async function pickImage(editor, desk) {
  const image = await pickFrom(editor, desk.urls.images, {
    title: gettext("Insert image"),
    uploadUrl: desk.urls.upload,
    render: (item) => [
      crel("img", { src: item.thumbnail, alt: "", width: 96, height: 96 }),
      crel("span", { textContent: item.title }),
    ],
  })
  if (!image) return null
  const details = await imageDetailsDialog(editor, {
    size: "full",
    align: "center",
    alt: image.alt,
    caption: image.caption,
  })
  return details ? { image: String(image.id), ...details } : null
}

export function pickGallery(editor, desk) {
  return pickFrom(editor, desk.urls.galleries, {
    title: gettext("Insert gallery"),
    render: (item) => [crel("span", { textContent: item.title })],
  })
}
