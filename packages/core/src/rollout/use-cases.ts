/**
 * Entry points of the rollout controller, one per trigger: endpoint state changes, alarm
 * state changes, the tick, and operator actions.
 */
import { ConflictError, NotFoundError } from "../errors.js";
import type { AlarmStateEvent, EndpointStateEvent } from "../events/schemas.js";
import { needsReconcile, type Rollout } from "./machine.js";
import { driveRollout, type RolloutDeps, startRollout } from "./run-rollout.js";

export interface RolloutOutcome extends Record<string, unknown> {
  readonly endpoint: string;
  readonly status: Rollout["status"] | "none";
}

const outcome = (endpoint: string, rollout: Rollout | undefined): RolloutOutcome => ({
  endpoint,
  status: rollout?.status ?? "none",
});

/** "SageMaker Endpoint State Change" → the endpoint's active rollout, if any. */
export async function onEndpointStateChange(event: EndpointStateEvent, deps: RolloutDeps): Promise<RolloutOutcome> {
  const { EndpointName, EndpointStatus, EndpointConfigName, FailureReason } = event.detail;
  const active = await deps.store.getActive(EndpointName);
  // A rollout that waited for the endpoint to be free starts as soon as it is in service again.
  if (active?.rollout.status === "Requested") {
    return outcome(
      EndpointName,
      EndpointStatus === "InService" ? await startRollout(EndpointName, deps) : active.rollout,
    );
  }
  const rollout = await driveRollout(
    EndpointName,
    {
      kind: "endpoint-state",
      status: EndpointStatus,
      configName: EndpointConfigName,
      failureReason: FailureReason,
      eventTime: event.time,
    },
    deps,
  );
  return outcome(EndpointName, rollout);
}

/** "CloudWatch Alarm State Change" to ALARM → every active rollout whose policy names the alarm rolls back. */
export async function onAlarmStateChange(
  event: AlarmStateEvent,
  deps: RolloutDeps,
): Promise<{ alarm: string; rolledBack: string[] }> {
  const alarm = event.detail.alarmName;
  if (event.detail.state.value !== "ALARM") return { alarm, rolledBack: [] };
  const rolledBack: string[] = [];
  for (const { rollout } of await deps.store.listActive()) {
    if (!rollout.policy?.alarms.includes(alarm)) continue;
    const after = await driveRollout(rollout.endpoint, { kind: "alarm", alarmName: alarm }, deps);
    if (after?.status === "RollingBack" || after?.status === "RolledBack") rolledBack.push(rollout.endpoint);
  }
  return { alarm, rolledBack };
}

/** The tick: every rollout with something due (a start, a bake end, a retry, a deadline). */
export async function advanceDueRollouts(deps: RolloutDeps): Promise<RolloutOutcome[]> {
  const results: RolloutOutcome[] = [];
  for (const { rollout } of await deps.store.listDue(deps.now)) {
    let after: Rollout | undefined;
    if (rollout.status === "Requested") after = await startRollout(rollout.endpoint, deps);
    else {
      after = await driveRollout(rollout.endpoint, { kind: "tick" }, deps);
      if (after && needsReconcile(after, deps.now)) {
        // No event has confirmed the accepted call for a while: look at the endpoint itself.
        const view = await deps.sagemaker.describeEndpointView(rollout.endpoint);
        if (view) {
          const input = {
            kind: "endpoint-state",
            status: view.status,
            configName: view.configName,
            eventTime: deps.now.toISOString(),
          } as const;
          after = await driveRollout(rollout.endpoint, input, deps);
        }
      }
    }
    results.push(outcome(rollout.endpoint, after));
  }
  return results;
}

export type OperatorAction = "pause" | "resume" | "promote" | "abort";

/** `POST /rollouts/{endpoint}/{action}`. */
export async function operateRollout(endpoint: string, action: OperatorAction, deps: RolloutDeps): Promise<Rollout> {
  const active = await deps.store.getActive(endpoint);
  if (!active) throw new NotFoundError(`No active rollout on endpoint ${endpoint}`);
  const after = await driveRollout(endpoint, { kind: "operator", action }, deps);
  if (!after) throw new ConflictError(`The rollout on ${endpoint} ended before ${action} could apply`);
  return after;
}
