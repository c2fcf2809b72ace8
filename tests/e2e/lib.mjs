// Shared by the end-to-end tests: a static server for dist/, headless Chromium through
// playwright-core, and a tiny test harness that prints "N passed, M failed".

import { createServer } from "node:http";
import { readFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { join, extname, resolve } from "node:path";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";

export const root = resolve(new URL("../..", import.meta.url).pathname);
export const dist = process.env.SHIPSHAPE_DIST ?? join(root, "dist");
export const out = process.env.SHIPSHAPE_E2E_OUT ?? join(root, "target/e2e");
export const modules = process.env.SHIPSHAPE_NODE_MODULES ?? join(root, ".tools/npm/node_modules");

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".ts": "text/plain" };

/** Serves dist/ on a free port of 127.0.0.1; resolves to its base URL and a close function. */
export async function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    // A directory serves its index.html, as every static host does (`exercises/`).
    const file = join(dist, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** A persistent Chromium context (localStorage survives reloads), and its cleanup. */
export async function browser() {
  const require = createRequire(join(modules, "x.js"));
  const { chromium } = require("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "shipshape-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Records page errors, console errors and every request of a page. */
export function watch(page) {
  const problems = [];
  const requests = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("request", (r) => requests.push(r.url()));
  return { problems, requests };
}

/** Puts `text` in the page's editor in one input event, as a paste does. (Playwright's fill
 * types it through the editing machinery, which takes minutes for a megabyte in any textarea.) */
export function paste(page, text) {
  return page.locator("[data-testid=editor]").evaluate((area, text) => {
    area.value = text;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

let passed = 0;
let failed = 0;
export async function test(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split("\n").slice(0, 5).join("\n     ")}`);
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Prints the closing line and sets the exit code. */
export function finish(what) {
  console.log(`${what}: ${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

/** A first word that holds a backtick, markup and emphasis characters: it must show as typed. */
export const TRICKY_WORD = "1fG;>r50-d}zX`O'UX<b>&amp;*x*_y_";

/**
 * Types a Dockerfile whose messages quote text with backticks, `<`, `&`, `*` and `_` into the
 * page's editor, and checks that the findings show that text literally: one code element with
 * exactly the text, no markup made of it, and the message's own words after it.
 */
export async function expectLiteralMessages(page) {
  const editor = page.locator("[data-testid=editor]");
  await editor.fill(`FROM alpine:3.20\n${TRICKY_WORD} now\nWORKDIR \`pwd\`/app\n`);
  const unknown = page.locator("[data-testid=finding][data-code=DL1000] .msg").filter({ hasText: "unknown instruction" });
  await unknown.first().waitFor({ timeout: 10000 });
  const shown = await unknown.first().evaluate((m) => ({
    codes: [...m.querySelectorAll("code")].map((c) => c.textContent),
    markup: m.querySelectorAll("b, em, strong").length,
    text: m.textContent,
  }));
  expect(shown.codes[0] === TRICKY_WORD && shown.markup === 0, `shown as ${JSON.stringify(shown)}`);
  expect(shown.text.endsWith("or with # for a comment"), `the message's end is not text: ${JSON.stringify(shown.text)}`);
  const workdir = page.locator("[data-testid=finding] .msg").filter({ hasText: "pwd" }).first();
  const code = await workdir.locator("code").first().textContent();
  expect(code === "WORKDIR `pwd`/app", `WORKDIR quoted as ${JSON.stringify(code)}`);
}
