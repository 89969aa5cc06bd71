/** Plugs the SageMaker simulator into local mode, optionally with a scenario loaded at start. */
import { readFile } from "node:fs/promises";
import type { EdgePlugin, LocalRuntimeContext } from "./runtime.js";
import { type Scenario, ScenarioSchema } from "./simulator/scenario.js";
import { Simulator } from "./simulator/simulator.js";

export function simulatorPlugin(scenario?: Scenario) {
  return ({ clock, bus }: LocalRuntimeContext): EdgePlugin => {
    const simulator = new Simulator(clock, bus);
    if (scenario) simulator.load(scenario);
    return { services: simulator.services(), controls: simulator.controls() };
  };
}

/** Reads and validates a scenario file, with a message that names the file and every problem. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read scenario ${path}: ${(error as Error).message}`);
  }
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Invalid scenario ${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
