/**
 * The composition root: adapters built once per cold start from the shared SDK clients and
 * the configuration. One function per adapter or use-case dependency set, imported as a
 * namespace (`import * as deps`), so that each function's bundle carries only the adapters
 * and SDK clients it reaches. Tests pass fakes to the core instead.
 */
import { SdkScaling } from "@sagemaker-lifecycle/core/adapters/autoscaling-sdk";
import { DynamoAlertStore } from "@sagemaker-lifecycle/core/adapters/dynamo-alert-store";
import { DynamoScalingStore } from "@sagemaker-lifecycle/core/adapters/dynamo-scaling-store";
import { DynamoWinnerStore } from "@sagemaker-lifecycle/core/adapters/dynamo-winner-store";
import { SdkFeatureStore } from "@sagemaker-lifecycle/core/adapters/feature-store-sdk";
import { FetchWebhookSender } from "@sagemaker-lifecycle/core/adapters/fetch-webhook-sender";
import { SdkMonitoring } from "@sagemaker-lifecycle/core/adapters/monitoring-sdk";
import { OutboxNotifier } from "@sagemaker-lifecycle/core/adapters/outbox-notifier";
import { SdkSageMaker } from "@sagemaker-lifecycle/core/adapters/sagemaker-sdk";
import type { DeliveryDeps } from "@sagemaker-lifecycle/core/alerts/delivery";
import type { MonitoringDeps } from "@sagemaker-lifecycle/core/alerts/handle-monitoring";
import { config, resetConfig } from "@sagemaker-lifecycle/core/config";
import * as awsClients from "@sagemaker-lifecycle/core/platform/aws-clients";
import type { Log } from "@sagemaker-lifecycle/core/platform/logger";
import { resetSecrets, slackWebhookUrl } from "@sagemaker-lifecycle/core/platform/secrets";
import { driveRollout, type RolloutDeps } from "@sagemaker-lifecycle/core/rollout/run-rollout";
import { applyScalingPlan, type ScalingDeps } from "@sagemaker-lifecycle/core/scaling/apply";

const made = new Map<string, unknown>();
const resetHooks: Array<() => void> = [];

function once<T>(name: string, make: () => T): T {
  if (!made.has(name)) made.set(name, make());
  return made.get(name) as T;
}

/** Forgets every adapter, client, configuration and secret: a cold start (local mode starts each runtime with one). */
export function resetDeps(): void {
  made.clear();
  awsClients.resetAwsClients();
  resetConfig();
  resetSecrets();
  for (const reset of resetHooks) reset();
}

/** Lets a handler module forget its own caches on a cold start. */
export function onReset(hook: () => void): void {
  resetHooks.push(hook);
}

export const winnerStore = (): DynamoWinnerStore =>
  once("winnerStore", () => new DynamoWinnerStore(awsClients.document(), config().TABLE_NAME));
export const sagemaker = (): SdkSageMaker => once("sagemaker", () => new SdkSageMaker(awsClients.sagemaker()));
export const scaling = (): SdkScaling => once("scaling", () => new SdkScaling(awsClients.autoScaling()));
export const scalingStore = (): DynamoScalingStore =>
  once("scalingStore", () => new DynamoScalingStore(awsClients.document(), config().TABLE_NAME));
export const featureStore = (): SdkFeatureStore =>
  once("featureStore", () => new SdkFeatureStore(awsClients.sagemaker(), awsClients.featureStore()));
export const alertStore = (): DynamoAlertStore =>
  once("alertStore", () => new DynamoAlertStore(awsClients.document(), config().TABLE_NAME, slackWebhookUrl));

/** What delivering Slack messages needs, for one invocation (the rate limit counts real time spent in it). */
export function deliveryDeps(now: Date, log?: Log): DeliveryDeps {
  const started = Date.now();
  return {
    store: alertStore(),
    sender: once("sender", () => new FetchWebhookSender()),
    now,
    rateClock: () => now.getTime() + (Date.now() - started),
    ...(log ? { log } : {}),
  };
}

/** Notifications go through the Slack outbox, so an outage delays them and loses none. */
export const notifier = (now: Date = new Date()): OutboxNotifier => new OutboxNotifier(deliveryDeps(now));

/** Everything the rollout controller needs, for one invocation (its clock is the event's time). */
export function rollout(now: Date, log?: Log): RolloutDeps {
  return {
    store: winnerStore().rollouts,
    winnerStore: winnerStore(),
    sagemaker: sagemaker(),
    scaling: scaling(),
    notifier: notifier(now),
    now,
    ...(log ? { log } : {}),
    // When a rollout ends, the plan follows the variants that are live now.
    onVariantsChanged: async (endpoint) => {
      await applyScalingPlan(endpoint, scalingDeps(now, log), "rollout ended");
    },
  };
}

/** Everything scaling plans need, for one invocation. */
export function scalingDeps(now: Date, log?: Log): ScalingDeps {
  return {
    store: scalingStore(),
    scaling: scaling(),
    sagemaker: sagemaker(),
    rollouts: winnerStore().rollouts,
    notifier: notifier(now),
    now,
    ...(log ? { log } : {}),
  };
}

/** Everything drift alerts need, for one invocation; a critical alert rolls back the endpoint's rollout. */
export function alertDeps(now: Date, log?: Log): MonitoringDeps {
  return {
    ...deliveryDeps(now, log),
    monitoring: once("monitoring", () => new SdkMonitoring(awsClients.sagemaker(), awsClients.s3())),
    onCriticalAlert: async (endpoint, summary) => {
      await driveRollout(endpoint, { kind: "critical-drift", summary }, rollout(now, log));
    },
  };
}
