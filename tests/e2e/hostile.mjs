// The hostile shapes (`shipshape::hostile`, written to files by xtask) through the WebAssembly
// build, where the stack is what the engine gives it and deep recursion would trap:
// - the JS API in Node (`dist/pkg/shipshape.js`): check, fix, format and distroless on every
//   shape return a result or a refusal with a reason, never an exception;
// - the page in Chromium: each shape pasted shows the whole core's count of findings, and the
//   Fixed, Distroless and Format features answer, with no page error.
// The deep shapes (nesting, stages) run at the sizes they are named after; the large ones at the
// largest size the page checks (it refuses larger with a message, which playground.mjs tests).
//
// `node hostile.mjs measure MANIFEST` is the JS API's part of `cargo xtask shapes`: each entry
// point on each shape at n and 2n, a Markdown table, and exit 1 when time(2n)/time(n) stays
// above 3 (linear is 2). The page's part is this script with a manifest of two sizes per shape:
// the page is timed at both, and the table of ratios printed.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { dist, out, serve, browser, watch, paste, test, expect, finish } from "./lib.mjs";

const api = await import(pathToFileURL(join(dist, "pkg/shipshape.js")).href);
api.initSync({ module: readFileSync(join(dist, "pkg/shipshape_bg.wasm")) });

const ALL = { select: ["ALL"] };
const ENTRY_POINTS = [
  ["check", (s) => api.check(s, ALL)],
  ["fix", (s) => api.fix(s, { ...ALL, unsafe: true })],
  ["format", (s) => api.format(s)],
  ["distroless", (s) => api.distroless(s)],
];

/** A result the API promises: `ok` (a conversion's refusal included), or not `ok` with the
 * reason in words. */
function answered(entry, result) {
  if (result?.ok === true) return;
  expect(result?.ok === false && typeof result.error === "string" && result.error.length > 0, `${entry}: ${JSON.stringify(result).slice(0, 300)}`);
}

if (process.argv[2] === "measure") {
  process.exit(measure(JSON.parse(readFileSync(process.argv[3], "utf8"))) ? 0 : 1);
}

// Each shape at each size of the manifest (the end-to-end tests give one).
const manifest = JSON.parse(readFileSync(process.env.SHIPSHAPE_SHAPES, "utf8"));
const shapes = manifest.flatMap((s) => s.sizes.map((size, k) => ({ ...s, size, text: readFileSync(s.paths[k], "utf8") })));

for (const shape of shapes) {
  await test(`the JS API answers on ${shape.name} (${shape.size} ${shape.unit})`, async () => {
    for (const [entry, run] of ENTRY_POINTS) {
      let result;
      try {
        result = run(shape.text);
      } catch (e) {
        throw new Error(`${entry} threw: ${e}`);
      }
      answered(entry, result);
    }
  });
}

const { base, close } = await serve();
const { context, close: closeBrowser } = await browser();
const page = context.pages()[0] ?? (await context.newPage());
const { problems } = watch(page);
await page.goto(base);
await page.waitForSelector("body[data-ready]");
// The ShellCheck rules arrive after the first paint; the counts below include them.
await page.waitForFunction(() => !document.querySelector("[data-testid=shellcheck-state]"), null, { timeout: 30000 });

const timings = [];

for (const shape of shapes) {
  await test(`the page checks, fixes, converts and formats ${shape.name} (${shape.size} ${shape.unit})`, async () => {
    const before = problems.length;
    await page.click("[data-testid=tab-findings]");
    const expected = await page.evaluate(async (text) => {
      const api = await import("./pkg/shipshape.js");
      await api.default();
      return api.check(text).diagnostics.length;
    }, shape.text);
    const pasted = Date.now();
    await paste(page, shape.text);
    const summary = expected === 0 ? "No problems found" : expected === 1 ? "1 finding" : `${expected} findings`;
    await page
      .waitForFunction((s) => document.querySelector("[data-testid=summary]")?.innerText === s, summary, { timeout: 60000 })
      .catch(async () => {
        throw new Error(`the page says ${JSON.stringify(await page.locator("[data-testid=summary]").innerText())}, the whole core ${summary}`);
      });
    const checked = Date.now();
    await page.click("[data-testid=tab-fixed]");
    await page.waitForSelector("[data-testid=fixed-output]", { timeout: 60000 });
    const fixed = Date.now();
    await page.click("[data-testid=tab-distroless]");
    await page.waitForSelector("[data-testid=distroless-output], [data-testid=distroless-refusal]", { timeout: 60000 });
    const converted = Date.now();
    // For docs/robustness.md: from the paste to the findings (a text over 256 KiB is checked
    // after a pause in typing, which is part of it), and each tab's first showing.
    timings.push({ shape: shape.name, size: shape.size, unit: shape.unit, findings_ms: checked - pasted, fixed_ms: fixed - checked, distroless_ms: converted - fixed });
    // The formatter module returns the text or throws why not (a syntax error, in words); a
    // trap would be a RuntimeError.
    const formatted = await page.evaluate(async (text) => {
      const m = await import("./formatter/shipshape_web_formatter.js");
      await m.default();
      try {
        return typeof m.format(text);
      } catch (e) {
        return typeof e === "string" ? "refused" : String(e);
      }
    }, shape.text);
    expect(formatted === "string" || formatted === "refused", `the formatter answered ${formatted}`);
    expect((await page.evaluate(() => 1 + 1)) === 2, "the page stopped responding");
    expect(problems.length === before, problems.slice(before).join("\n"));
  });
}

await closeBrowser();
close();
writeFileSync(join(out, "hostile-timings.json"), JSON.stringify(timings, null, 2));
if (manifest.some((s) => s.sizes.length > 1)) await pageTable(timings);
else console.log(`timings: ${JSON.stringify(timings)}`);
finish("hostile shapes");

/**
 * The page's times at the two sizes of each shape, as the other tables of `cargo xtask shapes`;
 * a ratio above 3 on a time over half a second fails (the page's timer and its polling for the
 * result count tens of milliseconds, so below that a ratio is noise).
 */
async function pageTable(timings) {
  const rows = [];
  console.log("| shape | n | page | time(n) | time(2n) | ratio |");
  console.log("|---|---|---|---:|---:|---:|");
  for (const { name } of manifest) {
    const [a, b] = timings.filter((t) => t.shape === name);
    if (!b) continue;
    for (const [what, key] of [["findings", "findings_ms"], ["Fixed tab", "fixed_ms"], ["Distroless tab", "distroless_ms"]]) {
      const ratio = b[key] / Math.max(a[key], 1);
      console.log(`| ${name} | ${a.size} ${a.unit} | ${what} | ${a[key]} ms | ${b[key]} ms | ${ratio.toFixed(2)} |`);
      rows.push({ name, what, ratio, time: b[key] });
    }
  }
  for (const { name, what, ratio, time } of rows) {
    await test(`the page is linear on ${name} (${what})`, () => expect(ratio <= 3 || time < 500, `time(2n)/time(n) = ${ratio.toFixed(2)}`));
  }
}

/** Times every entry point at n and 2n for each shape of the manifest; false if one is not linear. */
function measure(manifest) {
  const MAX_RATIO = 3;
  let linear = true;
  console.log("| shape | n | JS API | time(n) | time(2n) | ratio |");
  console.log("|---|---|---|---:|---:|---:|");
  for (const shape of manifest) {
    const texts = shape.paths.map((p) => readFileSync(p, "utf8"));
    for (const [entry, run] of ENTRY_POINTS) {
      const [a, b] = texts.map((text) => best(() => answered(entry, run(text))));
      const ratio = b / Math.max(a, 1e-6);
      console.log(`| ${shape.name} | ${shape.sizes[0]} ${shape.unit} | ${entry} | ${a.toFixed(2)} ms | ${b.toFixed(2)} ms | ${ratio.toFixed(2)} |`);
      // What grows faster than the size at under a millisecond costs nothing at any size.
      if (ratio > MAX_RATIO && b > 1) {
        console.error(`not linear: ${shape.name} (${entry}): ${ratio.toFixed(2)}`);
        linear = false;
      }
    }
  }
  return linear;
}

/**
 * The time of one run: runs are batched until a batch takes 20 ms, so that work of microseconds
 * is timed as well as work of seconds, and the shortest of up to five batches within about two
 * seconds is kept (other work only ever adds time).
 */
function best(run) {
  let shortest = Infinity;
  const started = performance.now();
  for (let i = 0; i < 5 && (i === 0 || performance.now() - started < 2000); i++) {
    const at = performance.now();
    let runs = 0;
    do {
      run();
      runs++;
    } while (performance.now() - at < 20);
    shortest = Math.min(shortest, (performance.now() - at) / runs);
  }
  return shortest;
}
