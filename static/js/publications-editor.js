// The admin's rich-text editor: django-prose-editor's "configurable" preset, except that Tiptap does not
// inject its base styles as an inline <style> element. Our Content-Security-Policy (style-src 'self')
// refuses inline styles, so the same rules come from /static/css/prose-editor-base.css instead.
// Loaded as a module with the response's nonce (publications.forms.CspProseEditorWidget).
import * as editorModule from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-configurable";
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function extensionsFrom(config) {
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editorModule[name];
    if (extension) {
      extensions.push(typeof options === "object" ? extension.configure(options) : extension);
    }
  }
  return extensions;
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const element = document.createElement("div");
  element.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(element);
  element.append(textarea);
  return new editorModule.Editor({
    element,
    editable: !disabled,
    extensions: extensionsFrom(config),
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      element.before(textarea);
      element.remove();
    },
  });
}

editorModule.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
