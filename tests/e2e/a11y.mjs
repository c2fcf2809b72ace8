// Accessibility, end to end: axe-core's WCAG 2.1 A and AA rules on the playground, the
// exercises and the embed, in light and dark, in the states a reader reaches (a finding's
// docs open, each tab); and what a keyboard-only reader does: tab order, visible focus, Enter
// to apply a fix, Escape to close the rule docs, and findings announced politely.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, browser, watch, test, expect, finish, out, modules } from "./lib.mjs";

const { base, close } = await serve();
const { context, close: closeBrowser } = await browser();
// Evaluated through the browser's debugging protocol, which the pages' Content-Security-Policy
// (no inline scripts) leaves alone.
const axeSource = readFileSync(join(modules, "axe-core/axe.min.js"), "utf8");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe's WCAG 2.1 A/AA violations on the page (and the frames it holds), as readable lines. */
async function violations(page) {
  const frames = page.frames();
  for (const frame of frames) await frame.evaluate(axeSource);
  const results = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ")}`) }));
  }, WCAG);
  return results.map((v) => `${v.id} (${v.help}) on ${v.nodes.length} element(s):\n       ${v.nodes.slice(0, 6).join("\n       ")}`);
}

async function open(url, scheme, ready = "body[data-ready]") {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.emulateMedia({ colorScheme: scheme });
  const watched = watch(page);
  await page.goto(url);
  await page.waitForSelector(ready, { state: "attached" });
  return { page, problems: watched.problems };
}

/** Runs axe in the page's current state and records what it finds under `label`. */
async function audit(page, label, found) {
  for (const v of await violations(page)) found.push(`${label}: ${v}`);
}

for (const scheme of ["light", "dark"]) {
  await test(`the playground has no WCAG 2.1 A/AA violation (${scheme})`, async () => {
    const { page } = await open(base, scheme);
    const found = [];
    await page.locator("[data-testid=finding]").first().waitFor();
    await audit(page, "findings", found);
    await page.locator("[data-testid=finding] .finding-main").first().click();
    await page.locator("[data-testid=rule-docs] h4").first().waitFor();
    await audit(page, "rule docs open", found);
    for (const tab of ["fixed", "distroless", "dockerignore"]) {
      await page.click(`[data-testid=tab-${tab}]`);
      if (tab === "distroless") await page.locator("[data-testid=distroless-output]").waitFor({ timeout: 15000 });
      await audit(page, `${tab} tab`, found);
    }
    await page.screenshot({ path: join(out, `a11y-playground-${scheme}.png`) });
    await page.close();
    expect(found.length === 0, `\n     ${found.join("\n     ")}`);
  });

  await test(`the exercises have no WCAG 2.1 A/AA violation (${scheme})`, async () => {
    const { page } = await open(`${base}exercises/index.html`, scheme);
    const found = [];
    await page.locator("[data-testid=exercise-title]").waitFor();
    await audit(page, "first exercise", found);
    const hint = page.locator("[data-testid=hint-button]");
    if (await hint.count()) {
      await hint.click();
      await audit(page, "hint shown", found);
    }
    await page.close();
    expect(found.length === 0, `\n     ${found.join("\n     ")}`);
  });

  await test(`the embed has no WCAG 2.1 A/AA violation (${scheme}), on its own and framed`, async () => {
    const found = [];
    for (const readonly of [false, true]) {
      const url = `${base}embed.html#text=${encodeURIComponent("FROM python:3.12\nRUN pip install flask\nCMD python app.py\n")}&theme=${scheme}&tabs=findings,fixed,dockerignore${readonly ? "&readonly" : ""}`;
      const { page } = await open(url, scheme);
      await page.locator("[data-testid=finding]").first().waitFor();
      await audit(page, `embed.html${readonly ? " read-only" : ""}`, found);
      await page.locator("[data-testid=finding] .finding-main").first().click();
      await page.locator("[data-testid=rule-docs] h4").first().waitFor();
      await audit(page, `embed.html${readonly ? " read-only" : ""}, rule docs open`, found);
      await page.close();
    }
    // The host page is no app: it is ready once its ES module is.
    const { page } = await open(`${base}embed-example.html`, scheme, "body[data-module-ready]");
    await page.frameLocator("#widget-editable").locator("[data-testid=finding]").first().waitFor();
    await page.frameLocator("#widget-readonly").locator("[data-testid=finding]").first().waitFor();
    for (const frame of page.frames().slice(1)) {
      await frame.evaluate(axeSource);
      const inner = await frame.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 6).join(", ")}`);
      }, WCAG);
      for (const v of inner) found.push(`framed ${frame.url().split("#")[0].split("/").pop()}: ${v}`);
    }
    await page.close();
    expect(found.length === 0, `\n     ${found.join("\n     ")}`);
  });
}

/** What has the focus: its test id, or its tag and text, and whether it shows a focus ring. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== "none";
    return { id: el.dataset.testid ?? "", tag: el.tagName.toLowerCase(), text: (el.innerText ?? "").trim().slice(0, 40), ring, cls: el.className };
  });
}

await test("the playground works by keyboard alone: tab order, visible focus, Enter applies a fix, Escape closes the docs", async () => {
  const { page, problems } = await open(base, "light");
  await page.locator("[data-testid=finding]").first().waitFor();
  // From the top of the page: the page switch, the examples, the share link, the editor,
  // the result tabs, the fix-all buttons and the findings, in reading order, each visibly focused.
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    expect(f.ring, `no visible focus on ${JSON.stringify(f)}`);
    order.push(f.id || `${f.tag}.${f.cls}`);
  }
  const expected = ["nav-exercises", "examples", "share", "editor", "tab-findings", "fix-safe", "fix-all"];
  let at = 0;
  for (const id of order) if (id === expected[at]) at++;
  expect(at === expected.length, `tab order ${order.join(" → ")} lacks ${expected.slice(at).join(", ")}`);
  // The arrow keys move between the result tabs, as in every tab list.
  await page.focus("[data-testid=tab-findings]");
  await page.keyboard.press("ArrowRight");
  expect((await focused(page)).id === "tab-fixed", "ArrowRight does not reach the next tab");
  await page.keyboard.press("Enter");
  await page.locator("[data-testid=fixed-output]").waitFor();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await page.locator("[data-testid=finding]").first().waitFor();

  // Enter on a finding opens its docs; Escape closes them and gives the focus back.
  const finding = page.locator("[data-testid=finding][data-code=DL3042]");
  await finding.locator(".finding-main").focus();
  await page.keyboard.press("Enter");
  await page.locator("[data-testid=rule-docs]").waitFor();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await page.locator("[data-testid=rule-docs]").waitFor({ state: "detached" });
  const back = await page.evaluate(() => document.activeElement.closest("[data-testid=finding]")?.dataset.code);
  expect(back === "DL3042", `after Escape the focus is on ${back}`);

  // Tab to the finding's Apply button and press Enter: the fix is applied.
  await page.keyboard.press("Tab");
  expect((await focused(page)).text.startsWith("Apply"), `Tab after the finding reaches ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-testid=editor]").value.includes("--no-cache-dir"));
  // The focus stays in the findings, not lost to the body.
  const after = await page.evaluate(() => document.activeElement.tagName.toLowerCase());
  expect(after !== "body", "the focus was lost after applying the fix");
  await page.screenshot({ path: join(out, "keyboard.png") });
  expect(problems.length === 0, problems.join("\n"));
  await page.close();
});

await test("new findings are announced politely, once typing pauses", async () => {
  const { page } = await open(base, "light");
  const live = page.locator("[data-testid=announcer]");
  expect((await live.getAttribute("aria-live")) === "polite", "the announcer is not a polite live region");
  await page.locator("[data-testid=editor]").fill("FROM python:3.12-slim\n");
  await page.waitForTimeout(1500);
  const before = await live.innerText();
  // A burst of keystrokes: nothing is announced until it stops.
  await page.locator("[data-testid=editor]").focus();
  await page.keyboard.press("Control+End");
  const changes = [];
  await page.exposeFunction("recordAnnouncement", (text) => changes.push(text));
  await page.evaluate(() => {
    const target = document.querySelector("[data-testid=announcer]");
    new MutationObserver(() => window.recordAnnouncement(target.innerText)).observe(target, { childList: true, subtree: true, characterData: true });
  });
  await page.keyboard.type("RUN pip install flask\n", { delay: 40 });
  await page.waitForTimeout(1500);
  const now = await live.innerText();
  expect(now !== before && now.includes("DL3042"), `announced ${JSON.stringify(now)} (before: ${JSON.stringify(before)})`);
  expect(changes.length <= 2, `announced ${changes.length} times during one burst of typing: ${JSON.stringify(changes)}`);
  await page.close();
});

await closeBrowser();
close();
finish("accessibility");
