// The page's on-demand modules (web/converter, web/formatter, web/shellcheck; see their docs), loaded from
// the site's root, which `<meta name="shipshape-root">` names.
const modules = {};
let formatter;

function load(dir, name) {
  const root = document.querySelector("meta[name=shipshape-root]")?.content ?? "./";
  const url = (path) => new URL(root + dir + "/" + name + path, document.baseURI);
  return (modules[name] ??= import(url(".js").href).then(async (m) => {
    await m.default({ module_or_path: url("_bg.wasm") });
    return m;
  }));
}

export function draft(source, runtime) {
  return load("converter", "shipshape_web_converter").then((m) => m.draft(source, runtime));
}

const editor = () => document.querySelector(".editor-pane textarea");
const input = (area) => area?.dispatchEvent(new Event("input", { bubbles: true }));
const format = (text) => {
  try {
    return formatter.format(text);
  } catch {}
};

function loadFormatter() {
  return load("formatter", "shipshape_web_formatter").then((m) => {
    if (!formatter) input(editor(), (formatter = m));
  });
}

export function formatEditor() {
  const area = editor(), source = area?.value;
  loadFormatter().then(() => {
    const text = format(source);
    if (text !== undefined && text !== source && area.value === source) input(area, (area.value = text));
  });
}

export function formatLoaded(text) {
  if (formatter) return format(text);
  loadFormatter().catch(() => {});
}

// The ShellCheck rules (web/shellcheck): loading resolves to their metadata; once loaded, a
// check is a synchronous call, so the page's fix loop can re-check after every pass.
let shellcheck;

export function loadShellcheck() {
  return load("shellcheck", "shipshape_web_shellcheck").then((m) => (shellcheck = m).rules());
}

export const shellcheckFindings = (source, select, ignore) => shellcheck.check(source, select, ignore);
