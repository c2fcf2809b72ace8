// End-to-end test of `cargo xtask serve` on a fresh clone, run by `cargo xtask serve-check`
// (part of `cargo xtask test`), which starts trunk serve in a clean copy of the checkout: the
// served playground becomes interactive, and a change to a source file is rebuilt and served.

import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { browser, watch, test, expect, finish, out } from "./lib.mjs";

const url = process.env.SHIPSHAPE_SERVE_URL;
const checkout = process.env.SHIPSHAPE_SERVE_CHECKOUT;
if (!url || !checkout) throw new Error("run by `cargo xtask serve-check`, which sets SHIPSHAPE_SERVE_URL and SHIPSHAPE_SERVE_CHECKOUT");

const { context, close } = await browser();
const page = context.pages()[0] ?? (await context.newPage());
const { problems } = watch(page);

await test("the served playground becomes interactive", async () => {
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  await page.locator("[data-testid=finding]").first().waitFor({ timeout: 30000 });
  await page.locator("[data-testid=editor]").fill("FROM python:3.12\nRUN pip install flask\n");
  await page.waitForSelector("[data-testid=finding][data-code=DL3042]", { timeout: 10000 });
  await page.screenshot({ path: join(out, "serve.png") });
});

await test("a change to a source file is rebuilt and served", async () => {
  // A custom property nothing else sets: the page has it once the new stylesheet is served.
  const nonce = `serve-check-${Date.now()}`;
  appendFileSync(join(checkout, "web/style.css"), `\n:root { --serve-check: "${nonce}"; }\n`);
  const deadline = Date.now() + 5 * 60 * 1000;
  let seen = "";
  while (Date.now() < deadline) {
    await page.waitForTimeout(1000);
    try {
      await page.goto(url);
      await page.waitForSelector("body[data-ready]", { timeout: 30000 });
      seen = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--serve-check"));
      if (seen.includes(nonce)) break;
    } catch {
      // Mid-rebuild: trunk may answer with the old or no page for a moment.
    }
  }
  expect(seen.includes(nonce), `the change was not served within five minutes (saw ${JSON.stringify(seen)})`);
  await page.locator("[data-testid=finding]").first().waitFor({ timeout: 30000 });
});

await test("the served page logs no errors", async () => {
  // Trunk's live-reload socket may drop while it rebuilds: that is not the page's error.
  const real = problems.filter((p) => !p.includes("favicon") && !p.includes("/.well-known/trunk/ws"));
  expect(real.length === 0, real.join("\n"));
});

await close();
finish("serve");
