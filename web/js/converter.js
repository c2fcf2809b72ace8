// Loads the distroless converter module on first use (see web/converter) and runs it. The
// module sits in `converter/` at the site's root, which a page names with
// `<meta name="shipshape-root">` (`../` in exercises/), so the site works from any directory.
let module;

function asset(path) {
  const root = document.querySelector("meta[name=shipshape-root]")?.content ?? "./";
  return new URL(root + path, document.baseURI);
}

export function draft(source, runtime) {
  module ??= import(asset("converter/shipshape_web_converter.js").href).then(async (m) => {
    await m.default({ module_or_path: asset("converter/shipshape_web_converter_bg.wasm") });
    return m;
  });
  return module.then((m) => m.draft(source, runtime));
}
