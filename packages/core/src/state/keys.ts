/** The single-table keys: one place that says where each kind of record lives. */
export const keys = {
  decision: (tuningJob: string) => ({ pk: `TUNING_JOB#${tuningJob}`, sk: "DECISION" }),
  champion: (endpoint: string) => ({ pk: `ENDPOINT#${endpoint}`, sk: "CHAMPION" }),
  promotionPolicy: (endpoint: string) => ({ pk: `ENDPOINT#${endpoint}`, sk: "POLICY#PROMOTION" }),
  shippedModel: (endpoint: string, shippedAt: string, modelName: string) => ({
    pk: `ENDPOINT#${endpoint}`,
    sk: `MODEL#${shippedAt}#${modelName}`,
  }),
  shippedModelPrefix: "MODEL#",
  activeRollout: (endpoint: string) => ({ pk: "ROLLOUT", sk: `ACTIVE#${endpoint}` }),
  activeRolloutPrefix: "ACTIVE#",
  finishedRollout: (endedAt: string, endpoint: string) => ({ pk: "ROLLOUT", sk: `DONE#${endedAt}#${endpoint}` }),
  finishedRolloutPrefix: "DONE#",
  rolloutPolicy: (endpoint: string) => ({ pk: `ENDPOINT#${endpoint}`, sk: "POLICY#ROLLOUT" }),
  retiredModels: (endpoint: string) => ({ pk: `ENDPOINT#${endpoint}`, sk: "RETIRED_MODELS" }),
  /** Partitions of the due-time index: the tick queries each for work that falls due. */
  scalingPlan: (endpoint: string) => ({ pk: `ENDPOINT#${endpoint}`, sk: "POLICY#SCALING" }),
  alert: (firstSeen: string, id: string) => ({ pk: "ALERT", sk: `${firstSeen}#${id}` }),
  alertPartition: "ALERT",
  alertRoute: (name: string) => ({ pk: "ALERT_ROUTE", sk: name }),
  alertRoutePartition: "ALERT_ROUTE",
  secret: (ref: string) => ({ pk: "SECRET", sk: ref }),
  silence: (id: string) => ({ pk: "SILENCE", sk: id }),
  silencePartition: "SILENCE",
  dedup: (route: string, key: string) => ({ pk: `DEDUP#${route}`, sk: key }),
  outbox: (id: string) => ({ pk: "OUTBOX", sk: id }),
  webhookRate: (ref: string) => ({ pk: "WEBHOOK_RATE", sk: ref }),
  due: { rollouts: "ROLLOUT", scaling: "SCALING", outbox: "OUTBOX" },
} as const;

/** Strips the key attributes from an item. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, duePartition: _dp, dueAt: _da, expiresAt: _ea, version: _v, ...rest } = item;
  return rest as T;
}
