import type { Alert, AlertDecision, AlertRoute, DedupState, Silence, SilenceInput } from "../alerts/model.js";

/** What DescribeProcessingJob and the monitoring schedule say about a processing job. */
export interface MonitoringExecutionInfo {
  readonly processingJobName: string;
  readonly processingJobArn: string;
  readonly scheduleName: string;
  readonly endpoint: string;
  /** MonitoringExecutionStatus: Completed, CompletedWithViolations, Failed, … */
  readonly status: string;
  readonly failureReason?: string | undefined;
  readonly outputUri?: string | undefined;
  readonly endedAt: string;
}

/** SageMaker and S3, as drift alerts read them. */
export interface MonitoringPort {
  /** The monitoring execution behind a processing job, or undefined when no monitoring schedule launched it. */
  describeExecution(processingJobName: string): Promise<MonitoringExecutionInfo | undefined>;
  /** The text of an S3 object, or undefined when it does not exist. */
  readObject(uri: string): Promise<string | undefined>;
}

export type DeliveryState = "queued" | "sent" | "silenced" | "deduplicated" | "no-route";

/** An alert as stored: the alert, what each route decided, and where its delivery stands. */
export interface StoredAlert extends Alert {
  readonly routing?: Readonly<Record<string, AlertDecision>> | undefined;
  readonly deliveryState: DeliveryState | "recorded";
  readonly sentAt?: string | undefined;
}

/** A Slack message waiting in the outbox, sent once. */
export interface OutboxMessage {
  readonly id: string;
  readonly route: string;
  readonly webhookRef: string;
  readonly body: unknown;
  readonly alerts: ReadonlyArray<Pick<Alert, "id" | "firstSeen">>;
  readonly createdAt: string;
  readonly state: "pending" | "sent";
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError?: string | undefined;
  readonly sentAt?: string | undefined;
}

export interface AlertStore {
  putAlertIfAbsent(alert: Alert): Promise<StoredAlert>;
  /** Records the routing decisions once; returns the alert as stored (someone else's decisions when they were first). */
  setRouting(
    alert: StoredAlert,
    routing: Record<string, AlertDecision>,
    state: StoredAlert["deliveryState"],
  ): Promise<StoredAlert>;
  setDeliveryState(alert: Pick<Alert, "id" | "firstSeen">, state: DeliveryState, sentAt?: string): Promise<void>;
  listAlerts(filter: {
    endpoint?: string | undefined;
    since?: string | undefined;
    state?: string | undefined;
    limit: number;
  }): Promise<StoredAlert[]>;

  listRoutes(): Promise<AlertRoute[]>;
  putRoute(route: AlertRoute, webhookUrl: string): Promise<void>;
  deleteRoute(name: string): Promise<boolean>;
  /** The webhook URL behind a route's reference (never logged). */
  resolveWebhook(ref: string): Promise<string | undefined>;

  listSilences(): Promise<Silence[]>;
  putSilence(input: SilenceInput, id: string, createdAt: string): Promise<Silence>;
  deleteSilence(id: string): Promise<boolean>;

  getDedup(route: string, key: string): Promise<DedupState | undefined>;
  putDedup(route: string, key: string, state: DedupState): Promise<void>;

  putMessageIfAbsent(message: OutboxMessage): Promise<OutboxMessage>;
  getMessage(id: string): Promise<OutboxMessage | undefined>;
  /** Claims a due, pending message until `until`; false when it is sent, not due, or claimed by another. */
  claimMessage(id: string, now: Date, until: Date): Promise<boolean>;
  markSent(id: string, sentAt: string): Promise<void>;
  deferMessage(id: string, nextAttemptAt: string, error: string): Promise<void>;
  listDueMessages(now: Date): Promise<OutboxMessage[]>;
  /** Takes the webhook's one-message-per-second slot at real time `nowMs`; false when it was taken less than a second ago. */
  takeRateSlot(webhookRef: string, nowMs: number): Promise<boolean>;
}

/** Posts to a webhook. */
export interface WebhookSender {
  post(
    url: string,
    body: unknown,
  ): Promise<{ readonly status: number; readonly retryAfterSeconds?: number | undefined }>;
}
