import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The shared fixtures (AWS-documented shapes) beside the repository: ../shared/fixtures. */
export const FIXTURES_DIR = resolve(here, "../../../shared/fixtures");

export function fixture<T = Record<string, unknown>>(relativePath: string): T {
  return JSON.parse(readFileSync(resolve(FIXTURES_DIR, relativePath), "utf8")) as T;
}
