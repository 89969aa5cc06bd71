import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import type { ScenarioInput } from "@sagemaker-lifecycle/local/simulator/scenario";

/** Loads a scenario into the simulator over the edge's control route. */
export async function loadScenario(runtime: LocalRuntime, scenario: ScenarioInput): Promise<void> {
  const response = await fetch(`${runtime.edgeUrl}/_sim/scenario`, { method: "POST", body: JSON.stringify(scenario) });
  if (response.status !== 200) throw new Error(`Scenario refused: ${await response.text()}`);
}

export async function simCalls(runtime: LocalRuntime): Promise<Record<string, number>> {
  return ((await (await fetch(`${runtime.edgeUrl}/_sim/calls`)).json()) as { calls: Record<string, number> }).calls;
}

export async function simApplied(runtime: LocalRuntime): Promise<Record<string, number>> {
  return ((await (await fetch(`${runtime.edgeUrl}/_sim/calls`)).json()) as { applied: Record<string, number> }).applied;
}

export async function simState(runtime: LocalRuntime): Promise<Record<string, unknown>> {
  return (await (await fetch(`${runtime.edgeUrl}/_sim/state`)).json()) as Record<string, unknown>;
}

/** Moves the local clock and waits until every event it caused has been handled. */
export async function advance(runtime: LocalRuntime, seconds: number): Promise<void> {
  await runtime.clock.advance(seconds);
  await runtime.bus.idle();
}
