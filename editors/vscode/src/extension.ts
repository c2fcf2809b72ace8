// The VS Code side of shipshape: starts `shipshape server` for Dockerfiles and hands it the
// settings. Everything else (diagnostics, fixes, hovers, formatting) is the server's.

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { resolveServer, serverSettings } from "./server";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("shipshape");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("shipshape.restart", () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The other settings reach the running server as didChangeConfiguration.
      if (event.affectsConfiguration("shipshape.path")) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("shipshape");
  const resolution = resolveServer(config.get<string | null>("path"), {
    pathVariable: process.env.PATH,
    home: os.homedir(),
    platform: process.platform,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isFile: (file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
  });
  if ("error" in resolution) {
    const choice = await vscode.window.showErrorMessage(`shipshape: ${resolution.error}`, "Open Settings");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "shipshape.path");
    }
    return;
  }
  const run = { command: resolution.command, args: ["server"] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "dockerfile" },
      { scheme: "untitled", language: "dockerfile" },
      { scheme: "file", pattern: "**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*,Containerfile.*}" },
    ],
    initializationOptions: serverSettings((key) => config.get(key)),
    synchronize: { configurationSection: "shipshape" },
    outputChannel: output,
  };
  client = new LanguageClient("shipshape", "shipshape", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    void vscode.window.showErrorMessage(`shipshape: cannot start \`${resolution.command} server\`: ${String(error)}`);
  }
}
