// Finding the `shipshape` executable. Pure functions over what they are given (no `vscode`
// import), so that `npm test` runs them in plain Node.

import * as path from "node:path";

export interface Environment {
  /** The `PATH` variable. */
  pathVariable: string | undefined;
  home: string | undefined;
  platform: NodeJS.Platform;
  /** The first workspace folder, if any. */
  workspaceFolder: string | undefined;
  isFile(file: string): boolean;
}

export type Resolution = { command: string } | { error: string };

const INSTALL_HINT =
  "Install it with `cargo install --path crates/shipshape_cli` from a checkout of shipshape, or set `shipshape.path`.";

/** `shipshape.path` if set (with `~` and `${workspaceFolder}` expanded), else `shipshape` on the PATH, else in `~/.cargo/bin`. */
export function resolveServer(configured: string | null | undefined, env: Environment): Resolution {
  const exe = env.platform === "win32" ? "shipshape.exe" : "shipshape";
  const join = env.platform === "win32" ? path.win32.join : path.posix.join;
  const isAbsolute = env.platform === "win32" ? path.win32.isAbsolute : path.posix.isAbsolute;
  if (configured && configured.trim() !== "") {
    let file = configured.trim();
    if (env.workspaceFolder) {
      file = file.replace(/\$\{workspaceFolder\}/g, env.workspaceFolder);
    }
    if ((file === "~" || file.startsWith("~/")) && env.home) {
      file = join(env.home, file.slice(1));
    }
    if (!isAbsolute(file) && env.workspaceFolder) {
      file = join(env.workspaceFolder, file);
    }
    return env.isFile(file)
      ? { command: file }
      : { error: `shipshape.path is \`${configured}\`, but there is no file at ${file}.` };
  }
  const separator = env.platform === "win32" ? ";" : ":";
  for (const dir of (env.pathVariable ?? "").split(separator)) {
    if (dir !== "" && env.isFile(join(dir, exe))) {
      return { command: join(dir, exe) };
    }
  }
  // Editors started from a desktop menu often lack the shell's PATH additions.
  if (env.home && env.isFile(join(env.home, ".cargo", "bin", exe))) {
    return { command: join(env.home, ".cargo", "bin", exe) };
  }
  return { error: `The \`shipshape\` executable is not on the PATH. ${INSTALL_HINT}` };
}

/** The settings the server reads, as the `shipshape` section holds them. */
export interface ServerSettings {
  select: string[];
  extendSelect: string[];
  ignore: string[];
  configPath: string | null;
  noConfig: boolean;
}

/** The server's settings from the section, whatever the user put there. */
export function serverSettings(get: <T>(key: string) => T | undefined): ServerSettings {
  const list = (key: string) => {
    const value = get<unknown>(key);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  };
  const configPath = get<unknown>("configPath");
  return {
    select: list("select"),
    extendSelect: list("extendSelect"),
    ignore: list("ignore"),
    configPath: typeof configPath === "string" && configPath !== "" ? configPath : null,
    noConfig: get<unknown>("noConfig") === true,
  };
}
