// The desk's own editor extensions (the server side is desk/editor.py):
// a link dialog that checks addresses, the "Read more" break, library images,
// video and gallery blocks, paste clean-up and the text's direction.
import {
  Extension,
  Link as CoreLink,
  Node,
  Plugin,
  crel,
  gettext,
  updateAttrsDialog,
} from "../../django_prose_editor/editor.js"
import { pickGallery, pickImage } from "./picker.js"

// --- Links -----------------------------------------------------------------

const SCHEMES = ["http:", "https:", "mailto:", "tel:"]

// The address as it will be stored, or an error to show in the dialog.
export function checkedAddress(value) {
  const href = (value || "").trim()
  if (!href) return { error: gettext("Enter an address.") }
  if (/^[#/?]/.test(href)) return { href } // on this site
  if (/^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(href)) return { href: `https://${href}` }
  let url
  try {
    url = new URL(href)
  } catch {
    return { error: gettext("This is not a web address (https://…).") }
  }
  if (!SCHEMES.includes(url.protocol)) {
    return {
      error: `${gettext("Links may not start with")} “${url.protocol}”: ${gettext(
        "use a web (https://), email (mailto:) or phone (tel:) address.",
      )}`,
    }
  }
  return { href }
}

async function linkDialog(editor, attrs) {
  let values = { href: attrs.href || "", title: attrs.title || "" }
  for (;;) {
    values = await updateAttrsDialog(
      {
        href: { type: "string", title: gettext("Address"), required: true },
        title: { type: "string", title: gettext("Title") },
      },
      { title: gettext("Link") },
    )(editor, values)
    if (!values) return null
    const checked = checkedAddress(values.href)
    if (checked.href) return { href: checked.href, title: values.title || null }
    window.alert(checked.error)
  }
}

export const Link = CoreLink.extend({
  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          if (editor.state.selection.empty && !editor.isActive("link")) return false
          linkDialog(editor, editor.getAttributes("link")).then((attrs) => {
            if (!attrs) return
            editor.chain().focus().extendMarkRange("link").setMark("link", attrs).run()
          })
          return true
        },
    }
  },
})

// --- Media blocks --------------------------------------------------------------

// Put an image, video or gallery at the cursor. With a block selected (as the
// one just inserted is) it goes after that block, as in WordPress, instead of
// replacing it.
function insertMedia(editor, content) {
  const { selection } = editor.state
  const chain = editor.chain().focus()
  const at = selection.node ? chain.insertContentAt(selection.to, content) : chain.insertContent(content)
  return at.run()
}

// --- "Read more" -------------------------------------------------------------

// WordPress's <!--more-->, stored as posts.models.MORE_MARKER: the listing's
// excerpt ends there. One per text.
export const ReadMore = Node.create({
  name: "readMore",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  parseHTML() {
    return [{ tag: "span#more", priority: 100 }]
  },
  renderHTML() {
    return ["span", { id: "more" }]
  },
  addCommands() {
    return {
      insertReadMore:
        () =>
        ({ state, commands }) => {
          let found = false
          state.doc.descendants((node) => {
            if (node.type.name === this.name) found = true
          })
          return !found && commands.insertContent({ type: this.name })
        },
    }
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "readMore",
      groups: "media",
      command: (editor) => editor.chain().focus().insertReadMore().run(),
      enabled: (editor) => editor.can().insertReadMore(),
      button: buttons.material("more_horiz", gettext("Read more break")),
    })
  },
})

// --- Library images ----------------------------------------------------------

const SIZE_CHOICES = ["full", "half", "thumbnail"]
const ALIGN_CHOICES = ["center", "left", "right"]

function previewUrl(desk, id) {
  return desk.urls.preview.replace("/0/", `/${Number(id)}/`)
}

// Stored as a reference (media_gallery/body_images.py renders it):
// <figure data-image data-size data-align><img alt><figcaption>…</figcaption></figure>
export const LibraryImage = Node.create({
  name: "libraryImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { desk: null }
  },
  addAttributes() {
    const plain = (name, fallback) => ({
      default: fallback,
      renderHTML: () => ({}),
      parseHTML: (el) => el.getAttribute(name) || fallback,
    })
    return {
      image: plain("data-image", null),
      size: plain("data-size", "full"),
      align: plain("data-align", "center"),
      alt: {
        default: "",
        renderHTML: () => ({}),
        parseHTML: (el) => el.querySelector("img")?.getAttribute("alt") || "",
      },
      caption: {
        default: "",
        renderHTML: () => ({}),
        parseHTML: (el) => el.querySelector("figcaption")?.textContent || "",
      },
    }
  },
  parseHTML() {
    return [{ tag: "figure[data-image]", priority: 100 }]
  },
  renderHTML({ node }) {
    const { image, size, align, alt, caption } = node.attrs
    const children = [["img", { alt: alt || "" }]]
    if (caption) children.push(["figcaption", {}, caption])
    return [
      "figure",
      { "data-image": String(image), "data-size": size, "data-align": align },
      ...children,
    ]
  },
  addNodeView() {
    const desk = this.options.desk
    return ({ node }) => {
      const img = crel("img", { src: previewUrl(desk, node.attrs.image) })
      const caption = crel("figcaption")
      const dom = crel("figure", {}, [img, caption])
      const show = (current) => {
        dom.className = `desk-image desk-image--${current.attrs.size} desk-image--${current.attrs.align}`
        img.alt = current.attrs.alt
        caption.textContent = current.attrs.caption
      }
      show(node)
      return {
        dom,
        update(updated) {
          if (updated.type !== node.type) return false
          if (updated.attrs.image !== node.attrs.image)
            img.src = previewUrl(desk, updated.attrs.image)
          node = updated
          show(updated)
          return true
        },
      }
    }
  },
  addCommands() {
    return {
      insertLibraryImage:
        () =>
        ({ editor }) => {
          pickImage(editor, this.options.desk).then((attrs) => {
            if (attrs) insertMedia(editor, { type: this.name, attrs })
          })
          return true
        },
      editLibraryImage:
        () =>
        ({ editor }) => {
          const attrs = editor.getAttributes(this.name)
          imageDetailsDialog(editor, attrs).then((changed) => {
            if (changed) editor.chain().focus().updateAttributes(this.name, changed).run()
          })
          return true
        },
    }
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "libraryImage",
      groups: "media",
      command: (editor) => editor.chain().insertLibraryImage().run(),
      button: buttons.material("add_photo_alternate", gettext("Insert image")),
    })
    menu.defineItem({
      name: "editLibraryImage",
      groups: "media",
      command: (editor) => editor.chain().editLibraryImage().run(),
      button: buttons.material("edit_note", gettext("Edit image")),
      hidden: (editor) => !editor.isActive(this.name),
    })
  },
})

export function imageDetailsDialog(editor, attrs) {
  return updateAttrsDialog(
    {
      size: { type: "string", title: gettext("Size"), enum: SIZE_CHOICES },
      align: { type: "string", title: gettext("Alignment"), enum: ALIGN_CHOICES },
      alt: { type: "string", title: gettext("Alternative text") },
      caption: { type: "string", title: gettext("Caption"), format: "textarea" },
    },
    { title: gettext("Image"), submitText: gettext("Save") },
  )(editor, attrs)
}

// --- Videos and galleries ----------------------------------------------------

const VIDEO_ADDRESS =
  /^https:\/\/(www\.|m\.)?(youtube\.com\/(watch\?|shorts\/|embed\/|live\/)|youtu\.be\/|(player\.)?vimeo\.com\/)\S+$/

// As media_gallery.body_media's markers: a paragraph holding only a link,
// which the public page shows as a click-to-load video or a gallery's grid.
export const MediaBlock = Node.create({
  name: "mediaBlock",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { desk: null }
  },
  addAttributes() {
    const none = { renderHTML: () => ({}) }
    return {
      kind: { default: "video", ...none },
      href: { default: "", ...none },
      gallery: { default: null, ...none },
      title: { default: "", ...none },
    }
  },
  parseHTML() {
    const link = (el) => el.querySelector("a")
    return [
      {
        tag: "p.video-placeholder",
        priority: 100,
        getAttrs: (el) =>
          link(el) ? { kind: "video", href: link(el).getAttribute("href") } : false,
      },
      {
        tag: "p.gallery-placeholder",
        priority: 100,
        getAttrs: (el) => {
          const id = /^gallery-(\d+)$/.exec(el.id || "")
          if (!id || !link(el)) return false
          return {
            kind: "gallery",
            gallery: id[1],
            href: link(el).getAttribute("href"),
            title: link(el).textContent,
          }
        },
      },
    ]
  },
  renderHTML({ node }) {
    const { kind, href, gallery, title } = node.attrs
    if (kind === "gallery") {
      return [
        "p",
        { class: "gallery-placeholder", id: `gallery-${gallery}` },
        ["a", { href }, title || href],
      ]
    }
    return ["p", { class: "video-placeholder" }, ["a", { href }, href]]
  },
  addNodeView() {
    return ({ node }) => {
      const label =
        node.attrs.kind === "gallery"
          ? `${gettext("Gallery")}: ${node.attrs.title}`
          : `${gettext("Video")}: ${node.attrs.href}`
      return {
        dom: crel("div", {
          className: `desk-media-block desk-media-block--${node.attrs.kind}`,
          textContent: label,
        }),
      }
    }
  },
  addCommands() {
    return {
      insertVideo:
        () =>
        ({ editor }) => {
          videoDialog(editor).then((href) => {
            if (href)
              insertMedia(editor, { type: this.name, attrs: { kind: "video", href } })
          })
          return true
        },
      insertGallery:
        () =>
        ({ editor }) => {
          pickGallery(editor, this.options.desk).then((gallery) => {
            if (gallery)
              insertMedia(editor, {
                type: this.name,
                attrs: {
                  kind: "gallery",
                  gallery: gallery.id,
                  href: gallery.url,
                  title: gallery.title,
                },
              })
          })
          return true
        },
    }
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "insertVideo",
      groups: "media",
      command: (editor) => editor.chain().insertVideo().run(),
      button: buttons.material("smart_display", gettext("Insert YouTube or Vimeo video")),
    })
    menu.defineItem({
      name: "insertGallery",
      groups: "media",
      command: (editor) => editor.chain().insertGallery().run(),
      button: buttons.material("collections", gettext("Insert gallery")),
    })
  },
})

async function videoDialog(editor) {
  let values = { href: "" }
  for (;;) {
    values = await updateAttrsDialog(
      { href: { type: "string", title: gettext("YouTube or Vimeo address"), required: true } },
      { title: gettext("Video"), submitText: gettext("Insert") },
    )(editor, values)
    if (!values) return null
    const href = values.href.trim()
    if (VIDEO_ADDRESS.test(href)) return href
    window.alert(gettext("Enter the address of a YouTube or Vimeo video (https://…)."))
  }
}

// --- Pasting -----------------------------------------------------------------

// Word writes a list as paragraphs, each with its place in the list in its
// style ("mso-list:l0 level2 lfo1") and its bullet or number as text in a
// span Word itself ignores ("mso-list:Ignore"), between <![if !supportLists]>
// and <![endif]>. The HTML keeps no <ul> or <ol>: they are rebuilt here, in
// the browser, because only the pasted HTML still has those styles (the
// server's sanitiser never sees them, and a form posted without the editor
// holds no Word markup).
const WORD_LIST = /mso-list:\s*l(\d+)\s+level(\d+)/i
const WORD_NUMBER = /^\(?(\d+|[a-z]|[ivxlcdm]+)[.)]/i

function wordListItem(p) {
  const place = WORD_LIST.exec(p.getAttribute("style") || "")
  if (!place) return null
  const ignored = p.querySelector('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]')
  const marker = (ignored?.textContent || "").replace(/\s/g, "")
  let outer = ignored
  // The marker's span sits in spans of its own (fonts): drop them with it. A
  // level numbered "none" has no marker at all.
  while (outer && outer.parentElement !== p && outer.parentElement?.textContent === ignored.textContent)
    outer = outer.parentElement
  outer?.remove()
  return {
    list: place[1],
    level: Number(place[2]),
    tag: WORD_NUMBER.test(marker) ? "ol" : "ul",
  }
}

export function wordLists(doc) {
  let run = null // the list being rebuilt: its outermost element and open levels
  for (const p of [...doc.body.querySelectorAll("p[style*='mso-list' i]")]) {
    const item = wordListItem(p)
    if (!item) continue
    const continues =
      run && p.previousElementSibling === run.root && (item.level > 1 || item.list === run.list)
    if (!continues) run = { root: null, list: item.list, open: [] }
    while (run.open.length && run.open.at(-1).level > item.level) run.open.pop()
    let current = run.open.at(-1)
    const sameList = current?.level === item.level && current.element.localName === item.tag
    if (!sameList) {
      // A deeper level opens a list in the last item; a bullet list followed by a
      // numbered one (or the reverse) at the same level is a new list beside it.
      if (current?.level === item.level) run.open.pop()
      const element = doc.createElement(item.tag)
      const parent = run.open.at(-1)
      if (parent) parent.element.lastElementChild.append(element)
      else if (run.root) run.root.after(element)
      else p.before(element)
      if (!parent) run.root = element
      current = { level: item.level, element }
      run.open.push(current)
    }
    const li = doc.createElement("li")
    const paragraph = doc.createElement("p")
    paragraph.append(...p.childNodes)
    li.append(paragraph)
    current.element.append(li)
    p.remove()
  }
}

// From Word, Google Docs or a web page, keep headings, lists, links, bold and
// italic; drop the rest (styles, fonts, images, tables' layout, classes).
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  const body = doc.body
  const rename = (el, tag) => {
    const renamed = doc.createElement(tag)
    renamed.append(...el.childNodes)
    el.replaceWith(renamed)
    return renamed
  }
  const unwrap = (el) => el.replaceWith(...el.childNodes)
  for (const el of body.querySelectorAll("style, script, meta, link, title, img, svg, figure"))
    el.remove()
  wordLists(doc)
  // Google Docs wraps everything in <b style="font-weight:normal">.
  for (const el of body.querySelectorAll("b")) {
    if (/font-weight:\s*(normal|400)/.test(el.getAttribute("style") || "")) unwrap(el)
  }
  for (const el of body.querySelectorAll("span")) {
    const style = el.getAttribute("style") || ""
    let inner = el
    if (/font-weight:\s*(bold|[6-9]00)/.test(style)) inner = rename(el, "strong")
    if (/font-style:\s*italic/.test(style)) {
      const em = doc.createElement("em")
      em.append(...inner.childNodes)
      inner.append(em)
    }
    if (inner === el) unwrap(el)
  }
  for (const el of body.querySelectorAll("h1")) rename(el, "h2")
  for (const el of body.querySelectorAll("h5, h6")) rename(el, "h4")
  for (const el of body.querySelectorAll("u, s, strike, del, ins, sub, sup, font, mark, code, blockquote, hr, pre"))
    el.tagName === "HR" ? el.remove() : unwrap(el)
  for (const el of body.querySelectorAll("*")) {
    for (const name of [...el.getAttributeNames()]) {
      if (!(el.tagName === "A" && name === "href")) el.removeAttribute(name)
    }
  }
  return body.innerHTML
}

export const PasteFilter = Extension.create({
  name: "pasteFilter",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: cleanPastedHTML } })]
  },
})

// --- Direction ---------------------------------------------------------------

// The text runs the way its language is written (the textarea's dir, set
// from the post's language), and follows the language field when it changes.
export const TextDirection = Extension.create({
  name: "textDirection",
  addOptions() {
    return { desk: null }
  },
  onCreate() {
    const view = this.editor.view.dom
    const textarea = this.editor.options.element.querySelector("textarea")
    const rtl = this.options.desk.rtlLanguages
    view.setAttribute("dir", textarea?.getAttribute("dir") || "ltr")
    const form = textarea?.form
    const language = form?.elements.namedItem("language")
    language?.addEventListener?.("change", () => {
      const code = (language.value || "").split("-")[0]
      view.setAttribute("dir", rtl.includes(code) ? "rtl" : "ltr")
    })
  },
})

// --- Audio and video files ---------------------------------------------------

// Players imported from WordPress ([audio], [video] and their blocks): kept as
// they are, shown in the editor as a label (no file is requested while editing).
export const PlayerFile = Node.create({
  name: "playerFile",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    const attribute = (name) => ({
      default: null,
      renderHTML: () => ({}),
      parseHTML: (el) => el.getAttribute(name),
    })
    return {
      kind: { default: "video", renderHTML: () => ({}), parseHTML: (el) => el.localName },
      src: attribute("src"),
      poster: attribute("poster"),
      preload: attribute("preload"),
    }
  },
  parseHTML() {
    return [{ tag: "video[src]" }, { tag: "audio[src]" }]
  },
  renderHTML({ node }) {
    const { kind, src, poster, preload } = node.attrs
    const attrs = { src, controls: "" }
    if (poster && kind === "video") attrs.poster = poster
    if (preload) attrs.preload = preload
    return [kind, attrs]
  },
  addNodeView() {
    return ({ node }) => ({
      dom: crel("div", {
        className: "desk-media-block",
        textContent: `${node.attrs.kind === "audio" ? gettext("Audio") : gettext("Video")}: ${node.attrs.src}`,
      }),
    })
  },
})
