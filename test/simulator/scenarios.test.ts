import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ScenarioSchema } from "@sagemaker-lifecycle/local/simulator/scenario";
import { describe, expect, it } from "vitest";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/scenarios");
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("example scenarios", () => {
  it("exist", () => {
    expect(files).toContain("full-lifecycle.json");
  });

  it.each(files)("%s is a valid scenario", (file) => {
    const result = ScenarioSchema.safeParse(JSON.parse(readFileSync(resolve(dir, file), "utf8")));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});
