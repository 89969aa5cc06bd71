import { Duration } from "aws-cdk-lib";
import { type EventPattern as CdkEventPattern, EventBus, Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Queue } from "aws-cdk-lib/aws-sqs";
import type { StackContext } from "sst/constructs";
import { use } from "sst/constructs";
import type { EventPattern } from "../packages/core/src/events/pattern-matcher.js";
import { FUNCTIONS, type FunctionKey, RULE_RETRY_POLICY, RULES, TICK } from "../packages/core/src/events/rules.js";
import { createLambda } from "./lambda.js";
import { Secrets } from "./Secrets.js";
import { Storage } from "./Storage.js";

/** EventBridge's JSON field names to the CDK's camel-cased `EventPattern` keys. */
export function toCdkEventPattern(pattern: EventPattern): CdkEventPattern {
  const { "detail-type": detailType, ...rest } = pattern;
  return { ...rest, ...(detailType === undefined ? {} : { detailType }) } as CdkEventPattern;
}

/**
 * The event consumers: one function per rule of `packages/core/src/events/rules.ts` on
 * the default bus, plus the minute tick; every target retries and then parks the event
 * in its own dead-letter queue.
 */
export function Events({ stack }: StackContext) {
  const { table } = use(Storage);
  const secrets = use(Secrets);
  const deps = { table, ...secrets };
  const defaultBus = EventBus.fromEventBusName(stack, "DefaultBus", "default");

  // One dead-letter queue per function: it takes events EventBridge could not deliver
  // and invocations that kept failing inside the function.
  const deadLetterQueues = new Map<FunctionKey, Queue>();
  const functions = new Map<FunctionKey, ReturnType<typeof createLambda>>();
  for (const [key, fn] of Object.entries(FUNCTIONS) as [FunctionKey, (typeof FUNCTIONS)[FunctionKey]][]) {
    const id = capitalise(key);
    const deadLetterQueue = new Queue(stack, `${id}DeadLetterQueue`, {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    deadLetterQueues.set(key, deadLetterQueue);
    functions.set(key, createLambda(stack, `${id}Function`, fn.handler, deps, { deadLetterQueue }));
  }
  const targetFor = (key: FunctionKey) =>
    new LambdaFunction(functions.get(key) as ReturnType<typeof createLambda>, {
      deadLetterQueue: deadLetterQueues.get(key),
      retryAttempts: RULE_RETRY_POLICY.retryAttempts,
      maxEventAge: Duration.seconds(RULE_RETRY_POLICY.maxEventAgeSeconds),
    });

  for (const rule of RULES) {
    new Rule(stack, `${rule.id}Rule`, {
      eventBus: defaultBus,
      description: rule.description,
      eventPattern: toCdkEventPattern(rule.pattern),
      targets: [targetFor(rule.target)],
    });
  }
  new Rule(stack, `${TICK.id}Rule`, {
    description: "Advances work that falls due: bake times, retries, undelivered alerts",
    schedule: Schedule.rate(Duration.seconds(TICK.intervalSeconds)),
    targets: [targetFor(TICK.target)],
  });
  return { functions };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
