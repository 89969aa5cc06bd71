/**
 * The composition root: adapters built once per cold start from the shared SDK clients and
 * the configuration. Handlers take what they need from here; tests pass fakes to the core.
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
import type { MonitoringDeps } from "@sagemaker-lifecycle/core/alerts/handle-monitoring";
import { config, resetConfig } from "@sagemaker-lifecycle/core/config";
import { awsClients, resetAwsClients } from "@sagemaker-lifecycle/core/platform/aws-clients";
import type { Log } from "@sagemaker-lifecycle/core/platform/logger";
import { resetSecrets, slackWebhookUrl } from "@sagemaker-lifecycle/core/platform/secrets";
import { driveRollout, type RolloutDeps } from "@sagemaker-lifecycle/core/rollout/run-rollout";
import { applyScalingPlan, type ScalingDeps } from "@sagemaker-lifecycle/core/scaling/apply";

let winnerStore: DynamoWinnerStore | undefined;
let sagemaker: SdkSageMaker | undefined;
let scaling: SdkScaling | undefined;
let scalingStore: DynamoScalingStore | undefined;
let alertStore: DynamoAlertStore | undefined;
let monitoring: SdkMonitoring | undefined;
let sender: FetchWebhookSender | undefined;
let featureStore: SdkFeatureStore | undefined;

/** Forgets every adapter, client, configuration and secret: a cold start (local mode starts each runtime with one). */
export function resetDeps(): void {
  winnerStore = undefined;
  sagemaker = undefined;
  scaling = undefined;
  scalingStore = undefined;
  alertStore = undefined;
  monitoring = undefined;
  sender = undefined;
  featureStore = undefined;
  resetAwsClients();
  resetConfig();
  resetSecrets();
  for (const reset of resetHooks) reset();
}

const resetHooks: Array<() => void> = [];

/** Lets a handler module forget its own caches on a cold start. */
export function onReset(hook: () => void): void {
  resetHooks.push(hook);
}

export const deps = {
  winnerStore: (): DynamoWinnerStore => {
    winnerStore ??= new DynamoWinnerStore(awsClients.document(), config().TABLE_NAME);
    return winnerStore;
  },
  sagemaker: (): SdkSageMaker => {
    sagemaker ??= new SdkSageMaker(awsClients.sagemaker());
    return sagemaker;
  },
  /** Notifications go through the Slack outbox, so an outage delays them and loses none. */
  notifier: (now: Date = new Date()): OutboxNotifier => new OutboxNotifier(deps.alertDeps(now)),
  scaling: (): SdkScaling => {
    scaling ??= new SdkScaling(awsClients.autoScaling());
    return scaling;
  },
  scalingStore: (): DynamoScalingStore => {
    scalingStore ??= new DynamoScalingStore(awsClients.document(), config().TABLE_NAME);
    return scalingStore;
  },
  featureStore: (): SdkFeatureStore => {
    featureStore ??= new SdkFeatureStore(awsClients.sagemaker(), awsClients.featureStore());
    return featureStore;
  },
  alertStore: (): DynamoAlertStore => {
    alertStore ??= new DynamoAlertStore(awsClients.document(), config().TABLE_NAME, slackWebhookUrl);
    return alertStore;
  },
  /** Everything drift alerts need, for one invocation; a critical alert rolls back the endpoint's rollout. */
  alertDeps: (now: Date, log?: Log): MonitoringDeps => {
    monitoring ??= new SdkMonitoring(awsClients.sagemaker(), awsClients.s3());
    sender ??= new FetchWebhookSender();
    const started = Date.now();
    return {
      rateClock: () => now.getTime() + (Date.now() - started),
      monitoring,
      store: deps.alertStore(),
      sender,
      now,
      ...(log ? { log } : {}),
      onCriticalAlert: async (endpoint, summary) => {
        await driveRollout(endpoint, { kind: "critical-drift", summary }, deps.rollout(now, log));
      },
    };
  },
  /** Everything scaling plans need, for one invocation. */
  scalingDeps: (now: Date, log?: Log): ScalingDeps => ({
    store: deps.scalingStore(),
    scaling: deps.scaling(),
    sagemaker: deps.sagemaker(),
    rollouts: deps.winnerStore().rollouts,
    notifier: deps.notifier(now),
    now,
    ...(log ? { log } : {}),
  }),
  /** Everything the rollout controller needs, for one invocation (its clock is the event's time). */
  rollout: (now: Date, log?: Log): RolloutDeps => ({
    store: deps.winnerStore().rollouts,
    winnerStore: deps.winnerStore(),
    sagemaker: deps.sagemaker(),
    scaling: deps.scaling(),
    notifier: deps.notifier(now),
    now,
    ...(log ? { log } : {}),
    // When a rollout ends, the plan follows the variants that are live now.
    onVariantsChanged: async (endpoint) => {
      await applyScalingPlan(endpoint, deps.scalingDeps(now, log), "rollout ended");
    },
  }),
};
