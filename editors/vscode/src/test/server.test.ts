import * as assert from "node:assert/strict";
import { test } from "node:test";
import { Environment, resolveServer, serverSettings } from "../server";

function env(files: string[], overrides: Partial<Environment> = {}): Environment {
  return {
    pathVariable: "/usr/local/bin:/usr/bin",
    home: "/home/ada",
    platform: "linux",
    workspaceFolder: "/work/app",
    isFile: (file) => files.includes(file),
    ...overrides,
  };
}

test("the configured path wins, with ~ and ${workspaceFolder} expanded", () => {
  const files = ["/home/ada/bin/shipshape", "/work/app/tools/shipshape", "/usr/bin/shipshape"];
  assert.deepEqual(resolveServer("~/bin/shipshape", env(files)), { command: "/home/ada/bin/shipshape" });
  assert.deepEqual(resolveServer("${workspaceFolder}/tools/shipshape", env(files)), {
    command: "/work/app/tools/shipshape",
  });
  assert.deepEqual(resolveServer("tools/shipshape", env(files)), { command: "/work/app/tools/shipshape" });
});

test("a configured path that does not exist is an error, not a silent fallback", () => {
  const result = resolveServer("/opt/shipshape", env(["/usr/bin/shipshape"]));
  assert.ok("error" in result && result.error.includes("/opt/shipshape"), JSON.stringify(result));
});

test("otherwise the PATH, then ~/.cargo/bin", () => {
  assert.deepEqual(resolveServer(null, env(["/usr/bin/shipshape"])), { command: "/usr/bin/shipshape" });
  assert.deepEqual(resolveServer("", env(["/home/ada/.cargo/bin/shipshape"])), {
    command: "/home/ada/.cargo/bin/shipshape",
  });
  const missing = resolveServer(undefined, env([]));
  assert.ok("error" in missing && missing.error.includes("cargo install"), JSON.stringify(missing));
});

test("Windows looks for shipshape.exe on a ;-separated PATH", () => {
  const windows = env(["C:\\tools\\shipshape.exe"], {
    platform: "win32",
    pathVariable: "C:\\Windows;C:\\tools",
    home: "C:\\Users\\ada",
  });
  assert.deepEqual(resolveServer(null, windows), { command: "C:\\tools\\shipshape.exe" });
});

test("settings keep only what the server understands", () => {
  const section: Record<string, unknown> = { select: ["DL3042", 7], ignore: "DL3008", configPath: "", noConfig: true };
  const settings = serverSettings((key) => section[key] as never);
  assert.deepEqual(settings, { select: ["DL3042"], extendSelect: [], ignore: [], configPath: null, noConfig: true });
});
