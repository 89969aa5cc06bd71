/**
 * A typed client of the sagemaker-lifecycle REST API for product teams. Request types come
 * from the zod schemas the API validates with (`@sagemaker-lifecycle/core/http/schemas` and
 * friends), so a request the client accepts is one the API accepts.
 *
 * Locally the API takes a bearer token; on AWS every route but `/health` needs SigV4 (IAM):
 * pass `fetch: sigV4Fetch({ region, credentials })` (exported here).
 *
 * @example
 * const api = createClient({ baseUrl: "http://127.0.0.1:3000", token: process.env.LOCAL_API_TOKEN });
 * const { features } = await api.getRecord("customers", "c-1", ["ltv"]);
 */
import type { AlertRouteSchema, SilenceSchema } from "@sagemaker-lifecycle/core/alerts/model";
import type { FeatureGroupDefinition, FeatureValue } from "@sagemaker-lifecycle/core/features/definitions";
import type { BatchResult } from "@sagemaker-lifecycle/core/features/service";
import type {
  BatchGetBodySchema,
  PromotionPolicySchema,
  PutRecordBodySchema,
} from "@sagemaker-lifecycle/core/http/schemas";
import type { StoredAlert } from "@sagemaker-lifecycle/core/ports/alerts";
import type { ShippedModel, StoredDecision } from "@sagemaker-lifecycle/core/ports/winner-store";
import type { RolloutPolicySchema } from "@sagemaker-lifecycle/core/rollout/policy";
import type { RolloutView } from "@sagemaker-lifecycle/core/rollout/view";
import type { ScalingPlanSchema } from "@sagemaker-lifecycle/core/scaling/plan";
import type { z } from "zod";

export { sigV4Fetch } from "./sigv4.js";

export interface ClientOptions {
  readonly baseUrl: string;
  /** Bearer token (local mode). */
  readonly token?: string | undefined;
  /** A fetch that may sign requests (SigV4 on AWS). */
  readonly fetch?: typeof fetch;
}

/** An error answer of the API, in its one JSON shape. */
export class LifecycleApiError extends Error {
  override readonly name = "LifecycleApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | undefined,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

type Query = Record<string, string | number | readonly string[] | undefined>;

export type PromotionPolicyInput = z.input<typeof PromotionPolicySchema>;
export type RolloutPolicyInput = z.input<typeof RolloutPolicySchema>;
export type ScalingPlanInput = z.input<typeof ScalingPlanSchema>;
export type AlertRouteInput = z.input<typeof AlertRouteSchema>;
export type SilenceInput = z.input<typeof SilenceSchema>;
export type PutRecordInput = z.input<typeof PutRecordBodySchema>;
export type BatchGetInput = z.input<typeof BatchGetBodySchema>;
export type RolloutAction = "pause" | "resume" | "promote" | "abort";

export interface FeatureRecord {
  readonly featureGroup: string;
  readonly recordId: string;
  readonly features: Record<string, FeatureValue>;
}

export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/$/, "");

  async function call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
    }
    const url = `${base}${path}${params.size > 0 ? `?${params}` : ""}`;
    const response = await doFetch(url, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error =
        (json as { error?: { code?: string; message?: string; details?: unknown }; requestId?: string } | undefined) ??
        {};
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new LifecycleApiError(
        response.status,
        error.error?.code ?? "Unknown",
        error.error?.message ?? response.statusText,
        error.error?.details,
        error.requestId,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    return json as T;
  }

  const seg = encodeURIComponent;
  return {
    health: () => call<{ status: string }>("GET", "/health"),
    openapi: () => call<Record<string, unknown>>("GET", "/openapi.json"),

    getTuningJob: (name: string) => call<StoredDecision>("GET", `/tuning-jobs/${seg(name)}`),
    listEndpointModels: (endpoint: string) =>
      call<{ endpoint: string; champion: unknown; models: ShippedModel[] }>(
        "GET",
        `/endpoints/${seg(endpoint)}/models`,
      ),
    getPromotionPolicy: (endpoint: string) =>
      call<{ endpoint: string; policy: unknown; isDefault: boolean }>(
        "GET",
        `/endpoints/${seg(endpoint)}/promotion-policy`,
      ),
    putPromotionPolicy: (endpoint: string, policy: PromotionPolicyInput) =>
      call<{ endpoint: string; policy: unknown }>("PUT", `/endpoints/${seg(endpoint)}/promotion-policy`, policy),

    getRolloutPolicy: (endpoint: string) =>
      call<{ endpoint: string; policy: unknown; isDefault: boolean }>(
        "GET",
        `/endpoints/${seg(endpoint)}/rollout-policy`,
      ),
    putRolloutPolicy: (endpoint: string, policy: RolloutPolicyInput) =>
      call<{ endpoint: string; policy: unknown }>("PUT", `/endpoints/${seg(endpoint)}/rollout-policy`, policy),
    listRollouts: () => call<{ active: RolloutView[]; recent: RolloutView[] }>("GET", "/rollouts"),
    getRollout: (endpoint: string) => call<RolloutView>("GET", `/rollouts/${seg(endpoint)}`),
    rolloutAction: (endpoint: string, action: RolloutAction) =>
      call<RolloutView>("POST", `/rollouts/${seg(endpoint)}/${action}`),

    getScalingPlan: (endpoint: string) =>
      call<Record<string, unknown>>("GET", `/endpoints/${seg(endpoint)}/scaling-plan`),
    putScalingPlan: (endpoint: string, plan: ScalingPlanInput) =>
      call<Record<string, unknown>>("PUT", `/endpoints/${seg(endpoint)}/scaling-plan`, plan),

    listAlerts: (query: { endpoint?: string; since?: string; state?: string; limit?: number } = {}) =>
      call<{ alerts: StoredAlert[] }>("GET", "/alerts", undefined, query),
    listAlertRoutes: () => call<{ routes: unknown[] }>("GET", "/alert-routes"),
    putAlertRoute: (name: string, route: AlertRouteInput) =>
      call<Record<string, unknown>>("PUT", `/alert-routes/${seg(name)}`, route),
    deleteAlertRoute: (name: string) => call<{ deleted: string }>("DELETE", `/alert-routes/${seg(name)}`),
    listSilences: () => call<{ silences: Array<SilenceInput & { id: string; active: boolean }> }>("GET", "/silences"),
    createSilence: (silence: SilenceInput) =>
      call<SilenceInput & { id: string; createdAt: string }>("POST", "/silences", silence),
    deleteSilence: (id: string) => call<{ deleted: string }>("DELETE", `/silences/${seg(id)}`),

    getFeatureGroup: (group: string) => call<FeatureGroupDefinition>("GET", `/feature-groups/${seg(group)}`),
    getRecord: (group: string, recordId: string, features: readonly string[] = []) =>
      call<FeatureRecord>("GET", `/feature-groups/${seg(group)}/records/${seg(recordId)}`, undefined, {
        feature: features,
      }),
    putRecord: (group: string, recordId: string, body: PutRecordInput) =>
      call<FeatureRecord & { stores: string[] }>("PUT", `/feature-groups/${seg(group)}/records/${seg(recordId)}`, body),
    deleteRecord: (group: string, recordId: string, eventTime?: string) =>
      call<{ featureGroup: string; recordId: string; deletedAt: string }>(
        "DELETE",
        `/feature-groups/${seg(group)}/records/${seg(recordId)}`,
        undefined,
        { eventTime },
      ),
    batchGet: (body: BatchGetInput) => call<BatchResult>("POST", "/feature-groups/batch-get", body),
  };
}

export type LifecycleClient = ReturnType<typeof createClient>;
