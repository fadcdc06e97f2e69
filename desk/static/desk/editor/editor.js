// The desk's rich-text editor: django-prose-editor's Tiptap build with our
// extensions, on every textarea carrying data-desk-editor (desk/editor.py).
// Loaded by path rather than through an import map, which would be an inline
// script the site's Content-Security-Policy forbids.
import * as core from "../../django_prose_editor/editor.js"
import * as ours from "./extensions.js"

const MARKER = "data-desk-editor"
const EXTENSIONS = { ...core, ...ours }

function create(textarea) {
  if (textarea.closest(".prose-editor")) return
  const config = JSON.parse(textarea.getAttribute(MARKER))
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions)) {
    const extension = EXTENSIONS[name]
    if (!extension) {
      console.error(`desk editor: no extension named ${name}`)
      continue
    }
    const settings = typeof options === "object" ? { ...options } : {}
    if (name in ours) settings.desk = config
    extensions.push(
      Object.keys(settings).length ? extension.configure(settings) : extension,
    )
  }
  const editor = createTextareaEditor(textarea, extensions)
  textarea.dispatchEvent(
    new CustomEvent("desk-editor:ready", { detail: { editor }, bubbles: true }),
  )
}

// django-prose-editor's createTextareaEditor, without Tiptap's injected
// <style> element (an inline style the CSP refuses; editor.css has its rules).
// The editor writes its HTML into the textarea and fires "input" on it at
// every change, so whatever reads the form sees what the editor shows.
function createTextareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled")
  const element = core.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(element)
  element.append(textarea)
  return new core.Editor({
    element,
    editable: !disabled,
    extensions,
    injectCSS: false,
    content: textarea.value,
    onUpdate({ editor }) {
      textarea.value = editor.isEmpty ? "" : editor.getHTML()
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      element.before(textarea)
      element.remove()
    },
  })
}

core.initializeEditors(create, `[${MARKER}]`)
