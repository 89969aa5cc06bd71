/**
 * The EventBridge rules of the backend, defined once. The SST stacks turn each into an
 * `events.Rule` on the default bus, and the local event bus routes with the same
 * patterns, so local mode and AWS cannot disagree about which function sees an event.
 */
import type { EventPattern } from "./pattern-matcher.js";

/** A rule: its pattern and the function (by key in {@link FUNCTIONS}) it targets. */
export interface RuleDefinition {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly target: FunctionKey;
}

/** The event-consuming Lambda functions and their handler modules under packages/functions/src. */
export const FUNCTIONS = {
  tuningJobState: {
    handler: "events/tuning-job-state.handler",
    description: "Selects the winner of a finished tuning job",
  },
  endpointState: {
    handler: "events/endpoint-state.handler",
    description: "Advances rollouts on endpoint state changes",
  },
  processingJobState: {
    handler: "events/processing-job-state.handler",
    description: "Turns Model Monitor violations into alerts",
  },
  alarmState: { handler: "events/alarm-state.handler", description: "Gates rollouts on CloudWatch alarms" },
  tick: { handler: "events/tick.handler", description: "Advances work that falls due (bake times, retries)" },
} as const;

export type FunctionKey = keyof typeof FUNCTIONS;

export const DETAIL_TYPES = {
  tuningJob: "SageMaker HyperParameter Tuning Job State Change",
  endpoint: "SageMaker Endpoint State Change",
  processingJob: "SageMaker Processing Job State Change",
  alarm: "CloudWatch Alarm State Change",
  scheduled: "Scheduled Event",
} as const;

export const RULES: readonly RuleDefinition[] = [
  {
    id: "TuningJobStateChange",
    description: "SageMaker hyperparameter tuning job reached a new state",
    pattern: { source: ["aws.sagemaker"], "detail-type": [DETAIL_TYPES.tuningJob] },
    target: "tuningJobState",
  },
  {
    id: "EndpointStateChange",
    description: "SageMaker endpoint reached a new state",
    pattern: { source: ["aws.sagemaker"], "detail-type": [DETAIL_TYPES.endpoint] },
    target: "endpointState",
  },
  {
    id: "ProcessingJobStateChange",
    description: "SageMaker processing job (Model Monitor executions among them) reached a new state",
    pattern: { source: ["aws.sagemaker"], "detail-type": [DETAIL_TYPES.processingJob] },
    target: "processingJobState",
  },
  {
    id: "AlarmStateChange",
    description: "CloudWatch alarm changed state",
    pattern: { source: ["aws.cloudwatch"], "detail-type": [DETAIL_TYPES.alarm] },
    target: "alarmState",
  },
];

/** The tick runs on a schedule rather than a pattern: every minute on AWS, on the local clock locally. */
export const TICK = { id: "Tick", intervalSeconds: 60, target: "tick" as FunctionKey } as const;

/** Retry policy of every rule target (EventBridge retries, then the dead-letter queue). */
export const RULE_RETRY_POLICY = { retryAttempts: 8, maxEventAgeSeconds: 3600 } as const;
