import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { FUNCTIONS, RULE_RETRY_POLICY, RULES, TICK } from "../../packages/core/src/events/rules.js";
import { API_ROUTES, routeKey } from "../../packages/core/src/http/routes.js";
import { type SynthesizedApp, synthesize } from "./synth.js";

type Resources = Record<string, { Properties: Record<string, unknown> }>;
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let app: SynthesizedApp;

beforeAll(async () => {
  app = await synthesize();
}, 120_000);

/** The logical id of the Lambda function created for a function key (`tuningJobState` → `TuningJobStateFunction…`). */
function functionIdFor(resources: Resources, key: string): string {
  const prefix = `${key.charAt(0).toUpperCase()}${key.slice(1)}Function`;
  const found = Object.keys(resources).filter((id) => id.startsWith(prefix) && !id.includes("ServiceRole"));
  expect(found, `one function for ${key}`).toHaveLength(1);
  return found[0] as string;
}

function statementsOf(template: SynthesizedApp["events"]): Statement[] {
  const policies = template.findResources("AWS::IAM::Policy") as Resources;
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe("Storage stack", () => {
  it("defines one pk/sk table with a due-time GSI, on-demand billing, PITR and TTL", () => {
    // Prepare / Act: synthesized in beforeAll
    // Assess
    app.storage.resourceCountIs("AWS::DynamoDB::Table", 1);
    app.storage.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: "byDueTime",
          KeySchema: [
            { AttributeName: "duePartition", KeyType: "HASH" },
            { AttributeName: "dueAt", KeyType: "RANGE" },
          ],
        }),
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });
});

describe("Events stack", () => {
  it.each(RULES)("rule $id has the shared pattern on the default bus and targets its function", (rule) => {
    // Prepare
    const rules = app.events.findResources("AWS::Events::Rule") as Resources;
    const functions = app.events.findResources("AWS::Lambda::Function") as Resources;
    const functionId = functionIdFor(functions, rule.target);
    // Act
    const matching = Object.values(rules).filter(
      (r) => JSON.stringify(r.Properties.EventPattern) === JSON.stringify(rule.pattern),
    );
    // Assess
    expect(matching).toHaveLength(1);
    const props = (matching[0] as { Properties: Record<string, unknown> }).Properties;
    expect(props.EventBusName).toBe("default");
    const targets = props.Targets as Array<Record<string, unknown>>;
    expect(targets).toHaveLength(1);
    expect(JSON.stringify(targets[0]?.Arn)).toContain(functionId);
    expect(targets[0]?.RetryPolicy).toEqual({
      MaximumRetryAttempts: RULE_RETRY_POLICY.retryAttempts,
      MaximumEventAgeInSeconds: RULE_RETRY_POLICY.maxEventAgeSeconds,
    });
    expect(JSON.stringify(targets[0]?.DeadLetterConfig)).toContain("DeadLetterQueue");
  });

  it("runs the tick every minute with a retry policy and a dead-letter queue", () => {
    // Prepare
    const rules = app.events.findResources("AWS::Events::Rule") as Resources;
    // Act
    const tick = Object.values(rules).filter((r) => r.Properties.ScheduleExpression !== undefined);
    // Assess
    expect(tick).toHaveLength(1);
    expect(tick[0]?.Properties.ScheduleExpression).toBe(`rate(${TICK.intervalSeconds / 60} minute)`);
    const targets = (tick[0]?.Properties.Targets ?? []) as Array<Record<string, unknown>>;
    const target = targets[0];
    expect(JSON.stringify(target?.DeadLetterConfig)).toContain("TickDeadLetterQueue");
    expect(target?.RetryPolicy).toBeDefined();
  });

  it("gives every event function its own dead-letter queue for failed invocations", () => {
    // Prepare
    const functions = app.events.findResources("AWS::Lambda::Function") as Resources;
    // Act
    const ours = Object.entries(functions).filter(([id]) => id.endsWith("Function") || id.includes("Function"));
    const withDlq = ours.filter(([, f]) => f.Properties.DeadLetterConfig !== undefined);
    // Assess
    expect(withDlq).toHaveLength(Object.keys(FUNCTIONS).length);
    app.events.resourceCountIs("AWS::SQS::Queue", Object.keys(FUNCTIONS).length);
  });

  it("runs every function on nodejs22.x and arm64", () => {
    for (const template of [app.events, app.api]) {
      const functions = template.findResources("AWS::Lambda::Function", {
        Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } },
      }) as Resources;
      expect(Object.keys(functions).length).toBeGreaterThan(0);
      for (const fn of Object.values(functions)) {
        expect(fn.Properties.Runtime).toBe("nodejs22.x");
        expect(fn.Properties.Architectures).toEqual(["arm64"]);
      }
    }
  });

  it("keeps the Slack webhook out of plain environment variables", () => {
    const functions = {
      ...(app.events.findResources("AWS::Lambda::Function") as Resources),
      ...(app.api.findResources("AWS::Lambda::Function") as Resources),
    };
    for (const fn of Object.values(functions)) {
      const variables =
        (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(Object.keys(variables)).not.toContain("SLACK_WEBHOOK_URL");
      expect(JSON.stringify(variables)).not.toMatch(/hooks\.slack\.com/);
    }
  });
});

describe("least privilege", () => {
  const all = () => [...statementsOf(app.events), ...statementsOf(app.api)];
  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it("names every action: no `*`, no `service:*`", () => {
    for (const statement of all()) {
      for (const action of actions(statement)) expect(action).not.toMatch(/\*/);
    }
  });

  it("never grants dynamodb:* and scopes table access to the table", () => {
    const dynamo = all().filter((s) => actions(s).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      expect(JSON.stringify(statement.Resource)).toContain("StateTable");
    }
  });

  it("scopes SageMaker actions to resource types, never to `*`", () => {
    const sagemaker = all().filter((s) => actions(s).some((a) => a.startsWith("sagemaker:")));
    expect(sagemaker.length).toBeGreaterThan(0);
    for (const statement of sagemaker) {
      expect(statement.Resource).not.toBe("*");
      expect(JSON.stringify(statement.Resource)).toMatch(/:sagemaker:[^"]*:[a-z-]+\/\*/);
    }
  });

  it("lets only the winner-selection function pass roles, and only to SageMaker", () => {
    const passRole = all().filter((s) => actions(s).includes("iam:PassRole"));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]).toMatchObject({
      Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
    });
  });
});

describe("Api stack", () => {
  it.each(API_ROUTES)("route $method $path has the authorization the route table says", (route) => {
    // Prepare
    const routes = app.api.findResources("AWS::ApiGatewayV2::Route") as Resources;
    // Act
    const found = Object.values(routes).filter((r) => r.Properties.RouteKey === routeKey(route));
    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]?.Properties.AuthorizationType).toBe(route.auth === "iam" ? "AWS_IAM" : "NONE");
  });

  it("requires IAM on every route except GET /health", () => {
    const routes = Object.values(app.api.findResources("AWS::ApiGatewayV2::Route") as Resources);
    expect(routes).toHaveLength(API_ROUTES.length);
    for (const r of routes) {
      const expected = r.Properties.RouteKey === "GET /health" ? "NONE" : "AWS_IAM";
      expect(r.Properties.AuthorizationType, String(r.Properties.RouteKey)).toBe(expected);
    }
  });

  it("is an HTTP API (payload format 2.0)", () => {
    app.api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    app.api.hasResourceProperties("AWS::ApiGatewayV2::Integration", { PayloadFormatVersion: "2.0" });
  });
});
