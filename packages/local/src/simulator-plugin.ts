import type { EdgePlugin } from "./runtime.js";

/** Placeholder until the simulator lands: no AWS services beyond DynamoDB and EventBridge. */
export function simulatorPlugin(_scenario?: unknown) {
  return (): EdgePlugin => ({ services: [], controls: {} });
}

export async function loadScenarioFile(path: string): Promise<unknown> {
  throw new Error(`Scenarios need the simulator, which is not built yet (asked for ${path})`);
}
