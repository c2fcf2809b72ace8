// End-to-end tests of the workshop exercises: a learner opens them from the playground,
// solves the first exercise by typing and the second by applying fixes, sees both marked
// done, reloads and still sees the progress; hints, solutions, reset and course links.
// Screenshots go to target/e2e/ (exercises.png, exercises-reached.png, exercises-phone.png).

import { join } from "node:path";
import { serve, browser, watch, test, expect, finish, out, expectLiteralMessages } from "./lib.mjs";

const { base, close } = await serve();
const { context, close: closeBrowser } = await browser();
const page = context.pages()[0] ?? (await context.newPage());
const { problems, requests } = watch(page);

const items = () => page.locator("[data-testid=exercise]");
const doneOf = (id) => page.locator(`[data-testid=exercise][data-id=${id}]`).getAttribute("data-done");
const editor = () => page.locator("[data-testid=editor]");

/** Types `text` at the end of the first line that starts with `after`, as a learner would. */
async function typeAfterLine(after, text) {
  await editor().evaluate((area, after) => {
    const start = area.value.split("\n").findIndex((l) => l.startsWith(after));
    const offset = area.value.split("\n").slice(0, start + 1).join("\n").length;
    area.focus();
    area.setSelectionRange(offset, offset);
  }, after);
  await page.keyboard.type(text, { delay: 5 });
}

await test("the playground opens the exercises, a course of at least nine, none done", async () => {
  await page.goto(base);
  await page.waitForSelector("body[data-ready]");
  await page.click("[data-testid=nav-exercises]");
  await items().first().waitFor();
  const list = await items().evaluateAll((els) => els.map((e) => [e.dataset.id, e.dataset.done]));
  expect(list.length >= 9, `${list.length} exercises`);
  expect(list.every(([, done]) => done === "false"), JSON.stringify(list));
  expect(list[0][0] === "nonroot" && list.at(-1)[0] === "distroless", JSON.stringify(list));
  // The exercises are a page of their own, so the playground does not download them.
  expect(new URL(page.url()).pathname.endsWith("/exercises/index.html"), page.url());
  const goal = page.locator("[data-testid=goal]");
  expect((await goal.getAttribute("data-reached")) === "false", "the first goal is reached from the start");
  await page.screenshot({ path: join(out, "exercises.png") });
});

await test("exercise 1, solved by typing: marked done with why it matters", async () => {
  expect((await page.locator("[data-testid=exercise-title]").innerText()).includes("non-root"), "not on exercise 1");
  // Hints come one at a time.
  await page.click("[data-testid=hint-button]");
  expect((await page.locator("[data-testid=hint]").count()) === 1, "first hint");
  await page.click("[data-testid=hint-button]");
  expect((await page.locator("[data-testid=hint]").count()) === 2, "second hint");
  await typeAfterLine("WORKDIR /app", "\nRUN useradd --create-home app");
  await typeAfterLine("COPY . .", "\nUSER app");
  await page.waitForSelector("[data-testid=goal][data-reached=true]");
  const why = await page.locator("[data-testid=goal-reached]").innerText();
  expect(why.includes("Goal reached") && why.includes("unprivileged"), why);
  await page.waitForFunction(() => document.querySelector("[data-testid=exercise][data-id=nonroot]").dataset.done === "true");
  await page.screenshot({ path: join(out, "exercises-reached.png") });
});

await test("exercise 2, solved by applying the findings' fixes", async () => {
  await page.click("[data-testid=next-exercise]");
  await page.waitForFunction(() => document.querySelector("[data-testid=exercise-title]").innerText.includes("package caches"));
  expect((await page.locator("[data-testid=goal]").getAttribute("data-reached")) === "false", "reached before fixing");
  // One fix by hand, then the rest at once.
  await page.locator("[data-testid=finding][data-code=DL3042] button.apply").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=editor]").value.includes("--no-cache-dir"));
  await page.click("[data-testid=fix-all]");
  await page.waitForSelector("[data-testid=goal][data-reached=true]");
  const text = await editor().inputValue();
  expect(text.includes("apt-get install -y --no-install-recommends") || text.includes("--no-install-recommends"), text);
  expect(text.includes("rm -rf /var/lib/apt/lists/*"), text);
  await page.waitForFunction(() => document.querySelector("[data-testid=exercise][data-id=package-caches]").dataset.done === "true");
  expect((await page.locator("[data-testid=progress]").innerText()).includes("2 of"), "progress line");
});

await test("after a reload the progress and the current exercise are still there", async () => {
  await page.reload();
  await items().first().waitFor();
  expect((await doneOf("nonroot")) === "true", "exercise 1 forgot it was done");
  expect((await doneOf("package-caches")) === "true", "exercise 2 forgot it was done");
  expect((await doneOf("precise-base")) === "false", "exercise 3 done without doing it");
  expect((await page.locator("[data-testid=exercise-title]").innerText()).includes("package caches"), "not back on exercise 2");
  // The draft came back too.
  expect((await editor().inputValue()).includes("rm -rf /var/lib/apt/lists/*"), "the draft was lost");
});

await test("the model solution is shown on request and reaches the goal", async () => {
  await page.locator("[data-testid=exercise][data-id=precise-base]").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=exercise-title]").innerText.includes("precise base"));
  await page.click("[data-testid=solution-button]");
  const solution = await page.locator("[data-testid=solution]").innerText();
  expect(solution.includes("node:22.11-slim"), solution);
  await page.click("[data-testid=use-solution]");
  await page.waitForSelector("[data-testid=goal][data-reached=true]");
});

await test("the .dockerignore exercise is solved in the .dockerignore tab", async () => {
  await page.locator("[data-testid=exercise][data-id=dockerignore]").click();
  await page.waitForSelector("[data-testid=dockerignore-input]");
  await page.fill("[data-testid=dockerignore-input]", ".git\n");
  const unmet = await page.locator(".criterion[data-met=false]").allInnerTexts();
  expect(unmet.some((t) => t.includes(".env")), unmet.join("\n"));
  await page.click("[data-testid=use-recommended]");
  await page.waitForSelector("[data-testid=goal][data-reached=true]");
});

await test("resetting forgets the progress", async () => {
  await page.click("[data-testid=reset-progress]");
  await page.click("[data-testid=confirm-reset]");
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=exercise]")].every((e) => e.dataset.done === "false"));
  await page.reload();
  await items().first().waitFor();
  const done = await items().evaluateAll((els) => els.filter((e) => e.dataset.done === "true").length);
  expect(done === 0, `${done} still done after a reset and a reload`);
});

await test("an instructor's course travels in a link, with its own progress", async () => {
  await page.click("[data-testid=author]");
  const area = page.locator("[data-testid=author-input]");
  const text = await area.inputValue();
  expect(text.startsWith("title = "), text.slice(0, 80));
  // A course of just the first exercise, with another title.
  const first = text.split("\n[[exercise]]")[1];
  await area.fill(`title = "Friday workshop"\n\n[[exercise]]${first}`);
  await page.waitForFunction(() => document.querySelector("[data-testid=author-status]").innerText.includes("1 exercise,"));
  const link = await page.locator("[data-testid=open-authored]").getAttribute("href");
  expect(link.includes("/exercises/") && link.includes("#course="), link);
  const learner = await context.newPage();
  await learner.goto(link);
  await learner.waitForSelector("[data-testid=exercise]");
  expect((await learner.locator(".course-title").innerText()) === "Friday workshop", "title");
  expect((await learner.locator("[data-testid=exercise]").count()) === 1, "one exercise");
  await learner.close();
  // A broken link says so and falls back to the default course. Made for the one-page
  // site, it is passed on to the exercises page.
  const broken = await context.newPage();
  await broken.goto(`${base}#course=garbage`);
  await broken.waitForSelector("[data-testid=notice]");
  expect((await broken.locator("[data-testid=notice]").innerText()).includes("cannot be read"), "no notice");
  expect((await broken.locator("[data-testid=exercise]").count()) >= 9, "no default course");
  await broken.close();
  // Back from the author panel, and back to the playground.
  await page.click("[data-testid=author]");
  await page.click("[data-testid=nav-playground]");
  await page.waitForSelector("[data-testid=examples]");
  expect(!new URL(page.url()).pathname.includes("exercises"), page.url());
});

await test("on a phone the exercises fit the screen", async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}#exercises=nonroot`);
  await phone.waitForSelector("[data-testid=exercise]");
  await phone.click("[data-testid=hint-button]");
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 400, `page is ${width}px wide on a 390px screen`);
  await phone.screenshot({ path: join(out, "exercises-phone.png"), fullPage: true });
  await phone.close();
});

await test("the exercises' messages show quoted backticks, <, &, * and _ literally", async () => {
  const view = await context.newPage();
  await view.goto(`${base}exercises/index.html`);
  await view.locator("[data-testid=finding]").first().waitFor();
  await expectLiteralMessages(view);
  await view.close();
});

await test("the exercises check RUN scripts with the ShellCheck rules, loaded from the site's root", async () => {
  const view = await context.newPage();
  const shellRequests = [];
  view.on("request", (r) => r.url().includes("/shellcheck/") && shellRequests.push(r.url()));
  await view.goto(`${base}exercises/index.html`);
  await view.locator("[data-testid=finding]").first().waitFor();
  await view.locator("[data-testid=editor]").fill("FROM alpine:3.20\nRUN cd /srv; echo $HOME\n");
  const cd = view.locator("[data-testid=finding][data-code=SC2164]");
  await cd.waitFor({ timeout: 15000 });
  // textContent: the exercises' layout sets the line apart, and innerText then ends in a line break.
  const at = (await cd.locator(".line").textContent()).trim();
  expect(at === "line 2, col 5", JSON.stringify(at));
  expect(shellRequests.length > 0 && shellRequests.every((u) => u.startsWith(`${base}shellcheck/`)), `${shellRequests}`);
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
finish("exercises");
