// End-to-end tests of the documentation embed: the example host page frames the widget,
// which sizes itself through postMessage, shows the findings of the Dockerfile in its
// fragment and never navigates its parent; the page's ES module checks as you type.
// Screenshots go to target/e2e/ (embed-host.png, embed-host-phone.png, embed-dark.png).

import { join } from "node:path";
import { serve, browser, watch, test, expect, finish, out, expectLiteralMessages } from "./lib.mjs";

const { base, close } = await serve();
const { context, close: closeBrowser } = await browser();
const page = context.pages()[0] ?? (await context.newPage());
const { problems, requests } = watch(page);

const hostUrl = `${base}embed-example.html`;
const frameOf = (id) => page.frameLocator(`#${id}`);
/** The iframe's height and the height of the widget inside it. */
async function heights(id) {
  const frame = await page.locator(`#${id}`).boundingBox();
  const inner = await frameOf(id).locator("[data-testid=embed]").evaluate((e) => e.getBoundingClientRect().height);
  return { frame: frame.height, inner };
}

await test("the host page embeds the widget, which shows the findings of its fragment's Dockerfile", async () => {
  await page.goto(hostUrl);
  const frame = frameOf("widget-editable");
  await frame.locator("[data-testid=finding]").first().waitFor({ timeout: 10000 });
  const codes = await frame.locator("[data-testid=finding]").evaluateAll((els) => els.map((e) => e.dataset.code));
  for (const code of ["DL3042", "DL3025", "SS001"]) expect(codes.includes(code), `${code} missing from ${codes}`);
  const text = await frame.locator("[data-testid=editor]").inputValue();
  expect(text.startsWith("FROM python:3.12-slim\n") && text.includes("CMD python app.py"), JSON.stringify(text));
  // Only the tabs the URL asked for.
  const tabs = await frame.locator("[role=tab]").evaluateAll((els) => els.map((e) => e.dataset.testid));
  expect(JSON.stringify(tabs) === JSON.stringify(["tab-findings", "tab-fixed", "tab-distroless"]), `${tabs}`);
  await frame.locator("[data-testid=tab-distroless]").click();
  const converted = await frame.locator("[data-testid=distroless-output]").innerText();
  expect(converted.includes("gcr.io/distroless/python3"), converted);
  await frame.locator("[data-testid=tab-findings]").click();
});

await test("the iframe sizes itself to the widget, and follows it when it grows or shrinks", async () => {
  await page.waitForFunction(() => document.getElementById("widget-editable").getBoundingClientRect().height !== 420);
  let h = await heights("widget-editable");
  expect(Math.abs(h.frame - h.inner) <= 2, `frame ${h.frame}px, widget ${h.inner}px`);
  const before = h.frame;
  // Open a rule's docs: the widget grows, and so does the frame.
  const frame = frameOf("widget-editable");
  await frame.locator("[data-testid=finding] .finding-main").first().click();
  await frame.locator("[data-testid=rule-docs]").waitFor();
  await page.waitForFunction((b) => document.getElementById("widget-editable").getBoundingClientRect().height > b + 50, before);
  h = await heights("widget-editable");
  expect(Math.abs(h.frame - h.inner) <= 2, `after opening docs: frame ${h.frame}px, widget ${h.inner}px`);
  // Typing more lines grows the editor.
  const grown = h.frame;
  await frame.locator("[data-testid=editor]").evaluate((area) => {
    area.value += "RUN apt-get update\nRUN apt-get install curl\nEXPOSE 8000\n";
    area.dispatchEvent(new InputEvent("input", { bubbles: true }));
  });
  await page.waitForFunction((b) => document.getElementById("widget-editable").getBoundingClientRect().height > b, grown);
  const codes = await frame.locator("[data-testid=finding]").evaluateAll((els) => els.map((e) => e.dataset.code));
  expect(codes.includes("DL3014"), `${codes}`);
  // Closing the docs shrinks it again.
  await frame.locator("[data-testid=rule-docs] .close").click();
  await page.waitForFunction((b) => document.getElementById("widget-editable").getBoundingClientRect().height < b, grown + 40);
  h = await heights("widget-editable");
  expect(Math.abs(h.frame - h.inner) <= 2, `after closing docs: frame ${h.frame}px, widget ${h.inner}px`);
  await page.screenshot({ path: join(out, "embed-host.png"), fullPage: true });
});

await test("fixes apply inside the widget, and the Fixed tab shows the result", async () => {
  const frame = frameOf("widget-editable");
  await frame.locator("[data-testid=finding][data-code=DL3042] button.apply").click();
  await frame.locator("[data-testid=finding][data-code=DL3042]").waitFor({ state: "detached" });
  expect((await frame.locator("[data-testid=editor]").inputValue()).includes("pip install --no-cache-dir"), "fix not applied");
  await frame.locator("[data-testid=tab-fixed]").click();
  const output = await frame.locator("[data-testid=fixed-output]").innerText();
  expect(output.includes("CMD [\"python\", \"app.py\"]"), output);
  await page.waitForTimeout(200);
  const h = await heights("widget-editable");
  expect(Math.abs(h.frame - h.inner) <= 2, `Fixed tab: frame ${h.frame}px, widget ${h.inner}px`);
});

await test("the widget never navigates its parent; its only link opens the playground in a new tab", async () => {
  const frame = frameOf("widget-editable");
  const link = frame.locator("[data-testid=open-playground]");
  expect((await link.getAttribute("target")) === "_blank", "the playground link must open a new tab");
  const [popup] = await Promise.all([context.waitForEvent("page"), link.click()]);
  await popup.waitForLoadState();
  expect(popup.url().includes("index.html#code="), popup.url());
  await popup.waitForSelector("body[data-ready]");
  const text = await popup.locator("[data-testid=editor]").inputValue();
  expect(text.includes("pip install --no-cache-dir"), "the playground did not get the widget's text");
  await popup.close();
  expect(page.url() === hostUrl, `the host page moved to ${page.url()}`);
  // Nothing in the widget may target the parent.
  const targets = await frame.locator("a, form").evaluateAll((els) => els.map((e) => e.getAttribute("target")));
  expect(targets.every((t) => t === "_blank"), `targets: ${targets}`);
});

await test("a read-only, dark widget with one rule selected", async () => {
  const frame = frameOf("widget-readonly");
  await frame.locator("[data-testid=finding]").first().waitFor({ timeout: 10000 });
  const codes = await frame.locator("[data-testid=finding]").evaluateAll((els) => els.map((e) => e.dataset.code));
  expect(JSON.stringify(codes) === JSON.stringify(["DL3042"]), `${codes}`);
  expect((await frame.locator("[data-testid=editor]").getAttribute("readonly")) !== null, "the editor is not read-only");
  expect((await frame.locator("button.apply").count()) === 0, "read-only widgets offer no fixes");
  expect((await frame.locator("[data-testid=fix-all]").count()) === 0, "read-only widgets offer no fix-all");
  expect((await frame.locator("html").getAttribute("data-theme")) === "dark", "not dark");
  await page.locator("#widget-readonly").scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById("widget-readonly").getBoundingClientRect().height !== 420);
  const h = await heights("widget-readonly");
  expect(Math.abs(h.frame - h.inner) <= 2, `frame ${h.frame}px, widget ${h.inner}px`);
  await page.locator("#widget-readonly").screenshot({ path: join(out, "embed-dark.png") });
});

await test("the host page's ES module checks as you type", async () => {
  await page.waitForSelector("body[data-module-ready]");
  let codes = await page.locator("[data-testid=module-diagnostics] li").evaluateAll((els) => els.map((e) => e.dataset.code));
  for (const code of ["DL3007", "SS004", "DL3025"]) expect(codes.includes(code), `${code} missing from ${codes}`);
  await page.fill("#source", "FROM node:22.11-slim\nRUN npm ci\n");
  codes = await page.locator("[data-testid=module-diagnostics] li").evaluateAll((els) => els.map((e) => e.dataset.code));
  expect(!codes.includes("DL3007"), `${codes}`);
  const fixed = await page.locator("[data-testid=module-fixed]").textContent();
  expect(fixed.startsWith("FROM node:22.11-slim"), fixed);
});

await test("embed.html on its own, and index.html?embed, show the widget", async () => {
  const other = await context.newPage();
  await other.goto(`${base}embed.html#text=FROM%20alpine%3A3.20%0ARUN%20apk%20add%20curl%0A&tabs=findings,dockerignore`);
  await other.waitForSelector("[data-testid=finding][data-code=DL3019]");
  expect((await other.locator("[data-testid=tab-dockerignore]").count()) === 1, "no .dockerignore tab");
  await other.goto(`${base}index.html?embed&theme=light#code=!!!`);
  await other.waitForSelector("[data-testid=embed]");
  const notice = await other.locator("[data-testid=notice]").innerText();
  expect(notice.includes("damaged"), notice);
  await other.close();
});

await test("on a phone the host page and its widget fit the screen", async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(hostUrl);
  await phone.frameLocator("#widget-editable").locator("[data-testid=finding]").first().waitFor({ timeout: 10000 });
  await phone.waitForFunction(() => document.getElementById("widget-editable").getBoundingClientRect().height !== 420);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 400, `page is ${width}px wide on a 390px screen`);
  const inner = await phone.frameLocator("#widget-editable").locator("html").evaluate((e) => e.scrollWidth);
  expect(inner <= 360, `the widget is ${inner}px wide`);
  await phone.waitForSelector("body[data-module-ready]");
  await phone.screenshot({ path: join(out, "embed-host-phone.png"), fullPage: true });
  await phone.close();
});

/**
 * In the widget's document: the last line of the editor's text (the highlight layer draws it)
 * and the gutter's last number, each checked against every ancestor that clips its overflow.
 * Returns what is cut, or nothing.
 */
async function clippedLines(frame) {
  return frame.evaluate(() => {
    const cut = [];
    const check = (what, node) => {
      const text = node.textContent;
      const end = text.trimEnd().length;
      const start = text.lastIndexOf("\n", end - 1) + 1;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      const box = range.getBoundingClientRect();
      for (let el = node.parentElement; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        const clips = [style.overflowX, style.overflowY].some((o) => o !== "visible") || /paint|content|strict/.test(style.contain);
        if (!clips) continue;
        const r = el.getBoundingClientRect();
        if (box.top < r.top - 0.5 || box.bottom > r.bottom + 0.5 || box.left < r.left - 0.5) {
          cut.push(`${what} ${JSON.stringify(text.slice(start, end))} [${Math.round(box.top)}–${Math.round(box.bottom)}px] cut by ${el.tagName.toLowerCase()}.${el.className} [${Math.round(r.top)}–${Math.round(r.bottom)}px]`);
        }
      }
    };
    const lastText = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let last = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim()) last = n;
      return last;
    };
    check("the last line", lastText(document.querySelector(".highlight")));
    check("the last line number", lastText(document.querySelector(".gutter")));
    return cut;
  });
}

const sizes = [
  { width: 1400, height: 900 },
  { width: 900, height: 700 },
  { width: 390, height: 844 },
];
const seven = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 8000\nCMD python app.py\n";

await test("the embed's editor shows every line, in both themes, read-only or not, framed or on its own, at every size", async () => {
  const cut = [];
  const view = await context.newPage();
  for (const size of sizes) {
    await view.setViewportSize(size);
    for (const scheme of ["light", "dark"]) {
      await view.emulateMedia({ colorScheme: scheme });
      for (const readonly of [false, true]) {
        const url = `${base}embed.html#text=${encodeURIComponent(seven)}&theme=${scheme}${readonly ? "&readonly" : ""}`;
        await view.goto("about:blank");
        await view.goto(url);
        await view.locator("[data-testid=finding]").first().waitFor();
        for (const c of await clippedLines(view)) cut.push(`embed.html ${size.width}×${size.height} ${scheme}${readonly ? " read-only" : ""}: ${c}`);
        if (size.width === 390 && !readonly) await view.screenshot({ path: join(out, `embed-alone-${scheme}-phone.png`), fullPage: true });
      }
      // The host page's two widgets: the editable one follows the reader's scheme, the
      // read-only one is dark.
      await view.goto(hostUrl);
      for (const id of ["widget-editable", "widget-readonly"]) {
        const frame = view.frames().find((f) => f.name() === id || f.url().includes(id)) ?? (await (await view.$(`#${id}`)).contentFrame());
        await frame.locator("[data-testid=finding]").first().waitFor({ timeout: 10000 });
        for (const c of await clippedLines(frame)) cut.push(`${id} ${size.width}×${size.height} ${scheme}: ${c}`);
      }
      await view.screenshot({ path: join(out, `embed-host-${size.width}-${scheme}.png`), fullPage: true });
    }
  }
  await view.close();
  expect(cut.length === 0, `\n     ${cut.join("\n     ")}`);
});

await test("past its maximum height the embed's editor scrolls, and shows the last line at the bottom", async () => {
  const view = await context.newPage();
  const long = Array.from({ length: 60 }, (_, i) => `RUN echo step ${i + 1}`).join("\n");
  await view.goto(`${base}embed.html#text=${encodeURIComponent(`FROM alpine:3.20\n${long}\n`)}`);
  await view.locator("[data-testid=finding]").first().waitFor();
  const sizes = await view.locator("[data-testid=editor]").evaluate((area) => ({ scroll: area.scrollHeight, client: area.clientHeight }));
  expect(sizes.client <= 480 && sizes.scroll > sizes.client + 200, `editor ${JSON.stringify(sizes)}`);
  await view.locator("[data-testid=editor]").evaluate((area) => {
    area.scrollTop = area.scrollHeight;
    area.dispatchEvent(new Event("scroll"));
  });
  await view.waitForTimeout(100);
  const cut = await clippedLines(view);
  expect(cut.length === 0, `after scrolling to the end: ${cut.join("; ")}`);
  await view.screenshot({ path: join(out, "embed-long.png") });
  await view.close();
});

await test("the embed's messages show quoted backticks, <, &, * and _ literally", async () => {
  const view = await context.newPage();
  await view.goto(`${base}embed.html`);
  await view.locator("[data-testid=finding]").first().waitFor();
  await expectLiteralMessages(view);
  await view.close();
});

await test("the embed checks RUN scripts with the ShellCheck rules: a quiet line while they load, then their findings, fixes and selectors", async () => {
  const view = await context.newPage();
  const text = "FROM alpine:3.20\nRUN cd /app; echo $HOME\n";
  // The module is held back until the widget has shown that it is on its way.
  let release;
  const held = new Promise((ok) => (release = ok));
  await view.route("**/shellcheck/*", async (route) => {
    await held;
    await route.continue();
  });
  await view.goto(`${base}embed.html#text=${encodeURIComponent(text)}`);
  await view.locator("[data-testid=finding][data-code=DL3003]").waitFor();
  const quiet = await view.locator("[data-testid=shellcheck-state]").innerText();
  expect(quiet.includes("Loading the ShellCheck rules"), quiet);
  expect((await view.locator("[data-testid=finding][data-code^=SC]").count()) === 0, "ShellCheck findings before the module");
  release();
  const cd = view.locator("[data-testid=finding][data-code=SC2164]");
  await cd.waitFor({ timeout: 15000 });
  expect((await cd.locator(".line").innerText()) === "line 2, col 5", await cd.locator(".line").innerText());
  const quote = view.locator("[data-testid=finding][data-code=SC2086] .line");
  expect((await quote.innerText()) === "line 2, col 19", await quote.innerText());
  // The Fixed tab's safe fixes include ShellCheck's.
  await view.locator("[data-testid=tab-fixed]").click();
  const fixed = await view.locator("[data-testid=fixed-output]").innerText();
  expect(fixed.includes("RUN cd /app || exit; echo $HOME"), fixed);
  await view.locator("[data-testid=tab-findings]").click();
  await cd.locator("button.apply").click();
  await view.waitForFunction(() => document.querySelector("[data-testid=editor]").value === "FROM alpine:3.20\nRUN cd /app || exit; echo $HOME\n");
  await cd.waitFor({ state: "detached" });
  await view.screenshot({ path: join(out, "embed-shellcheck.png"), fullPage: true });
  // A widget that selects ShellCheck codes shows their findings alone.
  await view.goto("about:blank");
  await view.goto(`${base}embed.html#text=${encodeURIComponent(text)}&select=SC2086`);
  await view.locator("[data-testid=finding][data-code=SC2086]").waitFor({ timeout: 15000 });
  const codes = await view.locator("[data-testid=finding]").evaluateAll((els) => els.map((e) => e.dataset.code));
  expect(JSON.stringify(codes) === '["SC2086"]', `${codes}`);
  expect((await view.locator("[data-testid=notice]").count()) === 0, "the SC selector was called unknown");
  await view.close();
});

await test("an embed whose ShellCheck module cannot load says so, and keeps its other findings", async () => {
  const view = await context.newPage();
  await view.route("**/shellcheck/*", (route) => route.abort());
  await view.goto(`${base}embed.html#text=${encodeURIComponent("FROM alpine:3.20\nRUN cd /app; echo $HOME\n")}`);
  const state = view.locator("[data-testid=shellcheck-state]").filter({ hasText: "could not be loaded" });
  await state.waitFor({ timeout: 15000 });
  expect((await state.getAttribute("role")) === "alert", "the failure is not announced");
  const codes = await view.locator("[data-testid=finding]").evaluateAll((els) => els.map((e) => e.dataset.code));
  expect(codes.includes("DL3003") && !codes.some((c) => c.startsWith("SC")), `${codes}`);
  await view.close();
});

await test("nothing is requested from anywhere but the page's own origin, and nothing fails", async () => {
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:"));
  expect(foreign.length === 0, `foreign requests: ${foreign}`);
  const real = problems.filter((p) => !p.includes("favicon"));
  expect(real.length === 0, real.join("\n"));
});

await closeBrowser();
close();
finish("embed");
