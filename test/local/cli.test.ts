import { type ChildProcess, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = resolve(root, "node_modules/.bin/tsx");

/** Runs the CLI as `npm start` does and collects its output. */
function start(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(tsx, ["packages/local/src/cli.ts", ...args], {
    cwd: root,
    env: { ...process.env, LOCAL_AWS_PORT: "0", PORT: "0", POWERTOOLS_LOG_LEVEL: "ERROR", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    text += String(chunk);
  });
  const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm start", () => {
  it("prints ready with the URLs, serves /health, and shuts down cleanly on SIGTERM", async () => {
    // Prepare / Act
    const cli = start(["--scenario", "examples/scenarios/full-lifecycle.json", "--time-scale", "10"], {
      LOCAL_API_TOKEN: "a-token-of-sixteen-chars",
    });
    await waitFor(() => /ready api=\S+ edge=\S+/.test(cli.output()));
    const api = /ready api=(\S+)/.exec(cli.output())?.[1] as string;
    const health = await fetch(`${api}/health`);
    const unauthenticated = await fetch(`${api}/anything`);
    cli.child.kill("SIGTERM");
    const code = await cli.exited;
    // Assess
    expect(health.status).toBe(200);
    expect(unauthenticated.status).toBe(401);
    expect(cli.output()).not.toContain("a-token-of-sixteen-chars");
    expect(cli.output()).toContain("SIGTERM: shutting down");
    expect(code).toBe(0);
  });

  it("fails fast, naming the bad setting", async () => {
    const cli = start(["--time-scale=-2"]);
    const code = await cli.exited;
    expect(code).toBe(2);
    expect(cli.output()).toContain("--time-scale must be 0 or more");
  });

  it("refuses a scenario that is not one, naming the file and the problem", async () => {
    const cli = start(["--scenario", "package.json"]);
    const code = await cli.exited;
    expect(code).toBe(2);
    expect(cli.output()).toContain("Invalid scenario package.json");
    expect(cli.output()).toContain("Unrecognized key");
  });
});
