// The ES module dist/pkg/shipshape.js in Node, as a documentation site's build script would
// use it: initSync with the wasm bytes, then check/fix/distroless/dockerignore/rules/explain.
// Its `check` must return exactly the diagnostics of `shipshape check --format json` for the
// Python-on-Alpine example, and its `rules` the CLI's rule list. cargo xtask e2e runs the CLI and passes
// its output in SHIPSHAPE_CLI_CHECK_JSON, SHIPSHAPE_CLI_RULES_JSON and
// SHIPSHAPE_CLI_DISTROLESS_JSON; its `format` must print what `shipshape format` prints
// (SHIPSHAPE_CLI_FORMAT).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root, dist, test, expect, finish } from "./lib.mjs";

const api = await import(pathToFileURL(join(dist, "pkg/shipshape.js")).href);
api.initSync({ module: readFileSync(join(dist, "pkg/shipshape_bg.wasm")) });
const seed = readFileSync(join(root, "tests/fixtures/seed-python-alpine.Dockerfile"), "utf8");
const cli = (name) => JSON.parse(readFileSync(process.env[name], "utf8"));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

await test("the module exports the documented functions", async () => {
  for (const name of ["check", "fix", "format", "distroless", "dockerignore", "rules", "explain", "version", "initSync", "default"]) {
    expect(typeof api[name] === "function", `${name} is not exported`);
  }
  const types = readFileSync(join(dist, "pkg/shipshape.d.ts"), "utf8");
  for (const type of ["export interface Diagnostic", "export type CheckResult", "export type DistrolessResult", "export function check(source: string, options?: Options): CheckResult", "export function format(source: string, options?: FormatOptions): FormatResult"]) {
    expect(types.includes(type), `shipshape.d.ts lacks ${type}`);
  }
});

await test("check returns the same diagnostics as the CLI's JSON for the Python-on-Alpine example", async () => {
  const result = api.check(seed);
  expect(result.ok === true, JSON.stringify(result));
  const expected = cli("SHIPSHAPE_CLI_CHECK_JSON").files[0].diagnostics;
  expect(expected.length >= 9, `the CLI found ${expected.length}`);
  expect(same(result.diagnostics, expected), `module:\n${JSON.stringify(result.diagnostics, null, 1)}\nCLI:\n${JSON.stringify(expected, null, 1)}`);
});

await test("rules lists what the CLI lists", async () => {
  expect(same(api.rules(), cli("SHIPSHAPE_CLI_RULES_JSON").rules), "rules differ");
});

await test("distroless converts the Python-on-Alpine example as the CLI does", async () => {
  const result = api.distroless(seed);
  expect(result.ok && result.converted, JSON.stringify(result));
  const { ok, converted, ...rest } = result;
  expect(same(rest, cli("SHIPSHAPE_CLI_DISTROLESS_JSON")), `module: ${JSON.stringify(rest)}`);
});

await test("format prints what shipshape format prints", async () => {
  const source = readFileSync(join(root, "tests/fixtures/unformatted.Dockerfile"), "utf8");
  const result = api.format(source);
  const expected = readFileSync(process.env.SHIPSHAPE_CLI_FORMAT, "utf8");
  expect(result.ok && result.changed && result.text === expected, `module: ${JSON.stringify(result)}\nCLI: ${expected}`);
  expect(api.format(result.text, { indentWidth: 4, lineEnding: "auto" }).changed === false, "formatting twice changed it");
  const broken = api.format("FROM alpine\nFRMO x\n");
  expect(!broken.ok && broken.line === 2 && broken.column === 1 && broken.error.includes("FRMO"), JSON.stringify(broken));
});

await test("fix, dockerignore and explain", async () => {
  const fixed = api.fix(seed, { unsafe: true });
  expect(fixed.ok && fixed.output.includes("pip install --no-cache-dir") && fixed.converged, JSON.stringify(fixed));
  const ignore = api.dockerignore(seed);
  expect(ignore.ok && ignore.stack === "python" && ignore.content.includes(".env"), JSON.stringify(ignore));
  const docs = api.explain("DL3042");
  expect(docs.ok && docs.rule.name === "pip-without-no-cache-dir" && docs.docs.includes("## Example"), JSON.stringify(docs));
});

await test("bad input is an error value, never an exception", async () => {
  for (const [call, error] of [
    [() => api.check(42), "the source must be a string, not number"],
    [() => api.check(seed, { selct: "DL3042" }), "bad options: unknown field `selct`"],
    [() => api.check(seed, { select: "NOPE1" }), "unknown rule or prefix `NOPE1`"],
    [() => api.fix(seed, []), "the options must be an object, not an array"],
    [() => api.distroless(seed, { runtime: 3 }), "bad options"],
    [() => api.explain(null), "the rule must be a string, not null"],
  ]) {
    let result;
    try {
      result = call();
    } catch (e) {
      throw new Error(`threw ${e}`);
    }
    expect(result.ok === false && result.error.startsWith(error), `${JSON.stringify(result)} (wanted ${error})`);
  }
  // A BigInt cannot become JSON, a getter can throw: still values.
  const hostile = { get select() { throw new Error("boom"); } };
  const result = api.check(seed, hostile);
  expect(result.ok === false, JSON.stringify(result));
  // And the module keeps working afterwards.
  expect(api.check("FROM alpine:3.20\n").ok === true, "the module stopped working");
});

finish("js-api");
