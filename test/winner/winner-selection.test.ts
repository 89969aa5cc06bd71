import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  DescribeEndpointCommand,
  DescribeModelCommand,
  ListTagsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import type { BusEvent } from "@sagemaker-lifecycle/local/event-bus";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import type { ScenarioInput } from "@sagemaker-lifecycle/local/simulator/scenario";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, clientConfig, startTestRuntime } from "../support/local.js";
import { advance, loadScenario, simCalls, simState } from "../support/scenario.js";

let runtime: LocalRuntime;
let sagemaker: SageMakerClient;
let events: EventBridgeClient;
const tuningEvents: BusEvent[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime();
  runtime.bus.subscribe((event) => {
    if (event["detail-type"] === "SageMaker HyperParameter Tuning Job State Change") tuningEvents.push(event);
  });
  sagemaker = new SageMakerClient(clientConfig(runtime));
  events = new EventBridgeClient(clientConfig(runtime));
  await loadScenario(runtime, {
    models: [{ name: "churn-v1", modelDataUrl: "s3://models/churn-v1/model.tar.gz" }],
    endpoints: [{ name: "churn-prod", variants: [{ name: "churn-v1", model: "churn-v1", instanceCount: 2 }] }],
  });
});

afterAll(async () => {
  sagemaker.destroy();
  events.destroy();
  await runtime.stop();
});

function tuningJob(
  name: string,
  endpoint: string | undefined,
  jobs: Array<[string, number | undefined, ("Completed" | "Failed")?]>,
  extra: Partial<ScenarioInput["tuningJobs"] extends (infer T)[] | undefined ? T : never> = {},
) {
  return {
    name,
    objective: { type: "Maximize" as const, metric: "validation:auc" },
    tags: endpoint ? { "lifecycle:endpoint": endpoint } : {},
    durationSeconds: 600,
    trainingJobs: jobs.map(([jobName, objective, status]) => ({
      name: jobName,
      status: status ?? "Completed",
      ...(objective === undefined ? {} : { objective }),
    })),
    ...extra,
  };
}

async function modelsTaggedWith(tuningJobName: string): Promise<string[]> {
  const state = await simState(runtime);
  const names: string[] = [];
  for (const model of state.models as Array<{ ModelName: string; ModelArn: string }>) {
    const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: model.ModelArn }));
    if (tags.Tags?.some((t) => t.Key === "lifecycle:tuning-job" && t.Value === tuningJobName))
      names.push(model.ModelName);
  }
  return names;
}

async function replay(event: BusEvent, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    // A redelivery with a new id (EventBridge at-least-once, a replay from the archive) ...
    await events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: event.source,
            DetailType: event["detail-type"],
            Detail: JSON.stringify(event.detail),
            Resources: event.resources,
          },
        ],
      }),
    );
    // ... and the very same event again (a Lambda retry).
    runtime.bus.publish(event);
  }
  await runtime.bus.idle();
}

describe("winner selection in local mode", () => {
  it("creates exactly one model from the winner's artifacts, records the decision and requests a rollout", async () => {
    // Prepare
    await loadScenario(runtime, {
      tuningJobs: [
        tuningJob("churn-hpo-1", "churn-prod", [
          ["churn-hpo-1-001-aaaaaaaa", 0.88],
          ["churn-hpo-1-002-bbbbbbbb", 0.91],
          ["churn-hpo-1-003-cccccccc", undefined, "Failed"],
        ]),
      ],
    });
    // Act: the tuning job completes on the local clock; its event reaches the handler
    await advance(runtime, 600);
    // Assess
    expect(await modelsTaggedWith("churn-hpo-1")).toEqual(["churn-hpo-1-002-bbbbbbbb"]);
    const model = await sagemaker.send(new DescribeModelCommand({ ModelName: "churn-hpo-1-002-bbbbbbbb" }));
    expect(model.PrimaryContainer?.ModelDataUrl).toBe(
      "s3://sim-models/churn-hpo-1/churn-hpo-1-002-bbbbbbbb/output/model.tar.gz",
    );
    const decision = await api(runtime, "GET", "/tuning-jobs/churn-hpo-1");
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({
      tuningJob: "churn-hpo-1",
      outcome: "shipped",
      endpoint: "churn-prod",
      winner: { trainingJob: "churn-hpo-1-002-bbbbbbbb", metricValue: 0.91 },
      modelName: "churn-hpo-1-002-bbbbbbbb",
      source: "BestTrainingJob",
      modelCreated: true,
      handOff: { kind: "rollout-requested" },
    });
    const models = await api(runtime, "GET", "/endpoints/churn-prod/models");
    expect(models.body).toMatchObject({
      endpoint: "churn-prod",
      models: [{ modelName: "churn-hpo-1-002-bbbbbbbb", metricValue: 0.91 }],
    });
  });

  it("takes one decision, one model and one rollout request when the event arrives three times", async () => {
    // Prepare
    const event = tuningEvents.find(
      (e) => (e.detail as { HyperParameterTuningJobName: string }).HyperParameterTuningJobName === "churn-hpo-1",
    ) as BusEvent;
    const before = await simCalls(runtime);
    const decisionBefore = (await api(runtime, "GET", "/tuning-jobs/churn-hpo-1")).body;
    // Act
    await replay(event, 3);
    // Assess
    const after = await simCalls(runtime);
    expect(after["SageMaker.CreateModel"] ?? 0).toBe(before["SageMaker.CreateModel"] ?? 0);
    expect(await modelsTaggedWith("churn-hpo-1")).toHaveLength(1);
    expect((await api(runtime, "GET", "/tuning-jobs/churn-hpo-1")).body).toEqual(decisionBefore);
    const models = (await api(runtime, "GET", "/endpoints/churn-prod/models")).body as { models: unknown[] };
    expect(models.models).toHaveLength(1);
    const failures = runtime.bus.deliveries.filter((d) => d.target === "tuningJobState" && d.outcome === "failed");
    expect(failures).toEqual([]);
  });

  it("records a winner that arrives during an active rollout as rejected, with the reason", async () => {
    // Prepare: churn-hpo-1's rollout is active on churn-prod
    expect((await api(runtime, "GET", "/rollouts/churn-prod")).body).toMatchObject({ tuningJob: "churn-hpo-1" });
    await loadScenario(runtime, {
      tuningJobs: [tuningJob("churn-hpo-2", "churn-prod", [["churn-hpo-2-001-aaaaaaaa", 0.95]])],
    });
    // Act
    await advance(runtime, 600);
    // Assess
    const decision = await api(runtime, "GET", "/tuning-jobs/churn-hpo-2");
    expect(decision.body).toMatchObject({
      outcome: "shipped",
      handOff: {
        kind: "rollout-rejected",
        reason: expect.stringContaining("a rollout of churn-hpo-1-002-bbbbbbbb (tuning job churn-hpo-1) is active"),
      },
    });
    expect((await api(runtime, "GET", "/rollouts/churn-prod")).body).toMatchObject({ tuningJob: "churn-hpo-1" });
  });

  it("handles a first delivery that arrives three times at once", async () => {
    // Prepare: as the simulator publishes the event, two more copies race it (one with a new id, one identical)
    await loadScenario(runtime, {
      tuningJobs: [tuningJob("dup-hpo", undefined, [["dup-hpo-001-aaaaaaaa", 0.7]], { durationSeconds: 60 })],
    });
    const unsubscribe = runtime.bus.subscribe((event) => {
      if ((event.detail as { HyperParameterTuningJobName?: string }).HyperParameterTuningJobName !== "dup-hpo") return;
      unsubscribe();
      runtime.bus.publish({ ...event, id: `${event.id}-copy` });
      runtime.bus.publish(event);
    });
    // Act
    await advance(runtime, 60);
    // Assess: three deliveries, one decision, no failure left unretried
    const deliveries = runtime.bus.deliveries.filter(
      (d) => d.target === "tuningJobState" && (d.result as { tuningJob?: string } | undefined)?.tuningJob === "dup-hpo",
    );
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    const decision = await api(runtime, "GET", "/tuning-jobs/dup-hpo");
    expect(decision.body).toMatchObject({ outcome: "no-endpoint", winner: { trainingJob: "dup-hpo-001-aaaaaaaa" } });
    expect(runtime.bus.deadLetters).toEqual([]);
  });

  it("creates a new endpoint with the winner as its only variant and makes it the champion", async () => {
    await loadScenario(runtime, {
      tuningJobs: [tuningJob("fraud-hpo-1", "fraud-prod", [["fraud-hpo-1-001-aaaaaaaa", 0.8]])],
    });
    await advance(runtime, 600);
    const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "fraud-prod" }));
    expect(endpoint.EndpointStatus).toBe("Creating");
    const decision = await api(runtime, "GET", "/tuning-jobs/fraud-hpo-1");
    expect(decision.body).toMatchObject({ outcome: "shipped", handOff: { kind: "endpoint-created" } });
    const models = await api(runtime, "GET", "/endpoints/fraud-prod/models");
    expect(models.body).toMatchObject({ champion: { modelName: "fraud-hpo-1-001-aaaaaaaa", metricValue: 0.8 } });
    await advance(runtime, 300);
    const live = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "fraud-prod" }));
    expect(live.ProductionVariants?.map((v) => v.VariantName)).toEqual(["fraud-hpo-1-001-aaaaaaaa"]);
  });

  it("records a losing challenger and ships nothing", async () => {
    // Prepare: fraud-prod's champion scored 0.8
    const before = await simCalls(runtime);
    await loadScenario(runtime, {
      tuningJobs: [tuningJob("fraud-hpo-2", "fraud-prod", [["fraud-hpo-2-001-aaaaaaaa", 0.79]])],
    });
    // Act
    await advance(runtime, 600);
    // Assess
    const decision = await api(runtime, "GET", "/tuning-jobs/fraud-hpo-2");
    expect(decision.body).toMatchObject({
      outcome: "not-shipped",
      winner: { metricValue: 0.79 },
      champion: { metricValue: 0.8 },
    });
    expect((decision.body as { reasons: string[] }).reasons.join(" ")).toContain("does not beat champion");
    expect((await simCalls(runtime))["SageMaker.CreateModel"] ?? 0).toBe(before["SageMaker.CreateModel"] ?? 0);
    expect(await modelsTaggedWith("fraud-hpo-2")).toEqual([]);
  });

  it("honours the endpoint's minImprovement", async () => {
    const put = await api(runtime, "PUT", "/endpoints/fraud-prod/promotion-policy", { minImprovement: 0.05 });
    expect(put.status).toBe(200);
    await loadScenario(runtime, {
      tuningJobs: [tuningJob("fraud-hpo-3", "fraud-prod", [["fraud-hpo-3-001-aaaaaaaa", 0.83]])],
    });
    await advance(runtime, 600);
    const decision = await api(runtime, "GET", "/tuning-jobs/fraud-hpo-3");
    expect(decision.body).toMatchObject({ outcome: "not-shipped" });
    expect((decision.body as { reasons: string[] }).reasons.join(" ")).toContain("minimum 0.05");
  });

  it("falls back to listing every training job when BestTrainingJob is missing, and minimises", async () => {
    await loadScenario(runtime, {
      tuningJobs: [
        {
          ...tuningJob("rmse-hpo", undefined, [
            ["rmse-hpo-001-aaaaaaaa", 1.5],
            ["rmse-hpo-002-bbbbbbbb", 1.2],
            ["rmse-hpo-003-cccccccc", 0.9, "Failed"],
          ]),
          objective: { type: "Minimize", metric: "validation:rmse" },
          reportedBestTrainingJob: null,
        },
      ],
    });
    await advance(runtime, 600);
    const decision = await api(runtime, "GET", "/tuning-jobs/rmse-hpo");
    expect(decision.body).toMatchObject({
      source: "ListTrainingJobs",
      winner: { trainingJob: "rmse-hpo-002-bbbbbbbb", metricValue: 1.2 },
    });
  });

  it("records no winner for a failed tuning job and tells Slack", async () => {
    const before = runtime.slack.messages.length;
    await loadScenario(runtime, {
      tuningJobs: [
        {
          ...tuningJob("broken-hpo", "churn-prod", [["broken-hpo-001-aaaaaaaa", undefined, "Failed"]]),
          status: "Failed",
        },
      ],
    });
    await advance(runtime, 600);
    const decision = await api(runtime, "GET", "/tuning-jobs/broken-hpo");
    expect(decision.body).toMatchObject({ outcome: "no-winner", notified: true });
    const messages = runtime.slack.messages.slice(before);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]?.body)).toContain("No winner for tuning job broken-hpo");
  });
});

describe("promotion policy and decision API", () => {
  it("rejects a bad policy with a 400 that lists every problem", async () => {
    const response = await api(runtime, "PUT", "/endpoints/churn-prod/promotion-policy", {
      minImprovement: -1,
      shipStoppedJobs: "yes",
      extra: 1,
    });
    expect(response.status).toBe(400);
    const details = (response.body as { error: { details: Array<{ path: string }> } }).error.details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(["minImprovement", "shipStoppedJobs"]));
    expect(details.length).toBeGreaterThanOrEqual(3);
  });

  it("rejects bad JSON with a 400", async () => {
    const response = await api(runtime, "PUT", "/endpoints/churn-prod/promotion-policy", "{nope");
    expect(response.status).toBe(400);
    expect((response.body as { error: { code: string } }).error.code).toBe("ValidationError");
  });

  it("serves the defaults until a policy is stored", async () => {
    const response = await api(runtime, "GET", "/endpoints/never-seen/promotion-policy");
    expect(response.body).toEqual({
      endpoint: "never-seen",
      policy: { minImprovement: 0, shipStoppedJobs: true },
      isDefault: true,
    });
  });

  it("answers 404 for an unknown tuning job and 400 for an illegal name", async () => {
    expect((await api(runtime, "GET", "/tuning-jobs/never-ran")).status).toBe(404);
    expect((await api(runtime, "GET", "/tuning-jobs/not_a_legal_name")).status).toBe(400);
  });
});
