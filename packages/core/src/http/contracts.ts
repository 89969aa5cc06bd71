/**
 * The contract of every API route: its path parameters, query and body schemas (the
 * zod schemas the handlers validate with) and the shape of its answer. The OpenAPI
 * document is generated from these, and a test holds them to API_ROUTES one to one.
 */
import { z } from "zod";
import type * as core from "zod/v4/core";
import { AlertRouteSchema, SilenceSchema } from "../alerts/model.js";
import { RolloutPolicySchema } from "../rollout/policy.js";
import { ScalingPlanSchema } from "../scaling/plan.js";
import {
  AlertQuerySchema,
  BatchGetBodySchema,
  DeleteRecordQuerySchema,
  EndpointNameSchema,
  FeatureGroupNameSchema,
  PromotionPolicySchema,
  PutRecordBodySchema,
  RecordIdSchema,
  RolloutActionSchema,
  RouteNameSchema,
  SilenceIdSchema,
  TuningJobNameSchema,
} from "./schemas.js";

export interface RouteContract {
  readonly params?: core.$ZodObject;
  readonly query?: core.$ZodObject;
  readonly body?: core.$ZodType;
  readonly response: core.$ZodType;
  /** The success status (200 unless said). */
  readonly status?: number;
}

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
});

const FeatureValueSchema = z.union([z.string(), z.number()]);
const RecordSchema = z.object({
  featureGroup: z.string(),
  recordId: z.string(),
  features: z.record(z.string(), FeatureValueSchema),
});
const RolloutViewSchema = z.looseObject({
  endpoint: z.string(),
  tuningJob: z.string(),
  status: z.enum([
    "Requested",
    "Deploying",
    "Baking",
    "AwaitingApproval",
    "Shifting",
    "Promoting",
    "RollingBack",
    "Completed",
    "RolledBack",
    "Failed",
  ]),
  paused: z.boolean(),
  step: z.object({ index: z.number(), of: z.number(), challengerWeight: z.number() }).nullable(),
  weights: z.record(z.string(), z.number()),
  nextAction: z.object({ action: z.string(), at: z.string().nullable() }).nullable(),
  reason: z.string().nullable(),
  history: z.array(
    z.object({ at: z.string(), from: z.string(), to: z.string(), cause: z.string(), calls: z.array(z.string()) }),
  ),
});
const AlertRouteViewSchema = z.looseObject({
  name: z.string(),
  webhook: z.object({ reference: z.string(), configured: z.boolean() }),
});
const SilenceViewSchema = SilenceSchema.and(z.object({ id: z.string(), createdAt: z.string() }));
const AnyObject = z.looseObject({});

const endpointParams = z.object({ name: EndpointNameSchema });
const groupParams = z.object({ group: FeatureGroupNameSchema });
const recordParams = z.object({ group: FeatureGroupNameSchema, id: RecordIdSchema });

export const CONTRACTS: Record<string, RouteContract> = {
  "GET /health": { response: z.object({ status: z.literal("ok") }) },
  "GET /openapi.json": { response: AnyObject },
  "GET /tuning-jobs/{name}": {
    params: z.object({ name: TuningJobNameSchema }),
    response: z.looseObject({
      tuningJob: z.string(),
      outcome: z.enum(["shipped", "not-shipped", "no-winner", "no-endpoint"]),
      reasons: z.array(z.string()),
      decidedAt: z.string(),
    }),
  },
  "GET /endpoints/{name}/models": {
    params: endpointParams,
    response: z.object({ endpoint: z.string(), champion: AnyObject.nullable(), models: z.array(AnyObject) }),
  },
  "GET /endpoints/{name}/promotion-policy": {
    params: endpointParams,
    response: z.object({ endpoint: z.string(), policy: PromotionPolicySchema, isDefault: z.boolean() }),
  },
  "PUT /endpoints/{name}/promotion-policy": {
    params: endpointParams,
    body: PromotionPolicySchema,
    response: z.object({ endpoint: z.string(), policy: PromotionPolicySchema }),
  },
  "GET /endpoints/{name}/rollout-policy": {
    params: endpointParams,
    response: z.object({ endpoint: z.string(), policy: RolloutPolicySchema, isDefault: z.boolean() }),
  },
  "PUT /endpoints/{name}/rollout-policy": {
    params: endpointParams,
    body: RolloutPolicySchema,
    response: z.object({ endpoint: z.string(), policy: RolloutPolicySchema }),
  },
  "GET /endpoints/{name}/scaling-plan": { params: endpointParams, response: AnyObject },
  "PUT /endpoints/{name}/scaling-plan": {
    params: endpointParams,
    body: ScalingPlanSchema,
    response: z.object({
      endpoint: z.string(),
      plan: ScalingPlanSchema,
      applied: z.object({ endpoint: z.string(), status: z.string(), calls: z.array(z.string()) }),
    }),
  },
  "GET /rollouts": { response: z.object({ active: z.array(RolloutViewSchema), recent: z.array(RolloutViewSchema) }) },
  "GET /rollouts/{endpoint}": { params: z.object({ endpoint: EndpointNameSchema }), response: RolloutViewSchema },
  "POST /rollouts/{endpoint}/{action}": {
    params: z.object({ endpoint: EndpointNameSchema, action: RolloutActionSchema }),
    response: RolloutViewSchema,
  },
  "GET /alerts": { query: AlertQuerySchema, response: z.object({ alerts: z.array(AnyObject) }) },
  "GET /alert-routes": { response: z.object({ routes: z.array(AlertRouteViewSchema) }) },
  "PUT /alert-routes/{name}": {
    params: z.object({ name: RouteNameSchema }),
    body: AlertRouteSchema,
    response: AlertRouteViewSchema,
  },
  "DELETE /alert-routes/{name}": {
    params: z.object({ name: RouteNameSchema }),
    response: z.object({ deleted: z.string() }),
  },
  "GET /silences": { response: z.object({ silences: z.array(SilenceViewSchema) }) },
  "POST /silences": { body: SilenceSchema, response: SilenceViewSchema, status: 201 },
  "DELETE /silences/{id}": { params: z.object({ id: SilenceIdSchema }), response: z.object({ deleted: z.string() }) },
  "GET /feature-groups/{group}": {
    params: groupParams,
    response: z.object({
      name: z.string(),
      recordIdentifierFeatureName: z.string(),
      eventTimeFeatureName: z.string(),
      features: z.array(z.object({ name: z.string(), type: z.enum(["String", "Integral", "Fractional"]) })),
      onlineStore: z.boolean(),
      offlineStore: z.boolean(),
    }),
  },
  "GET /feature-groups/{group}/records/{id}": {
    params: recordParams,
    query: z.object({ feature: z.array(z.string()).optional() }),
    response: RecordSchema,
  },
  "PUT /feature-groups/{group}/records/{id}": {
    params: recordParams,
    body: PutRecordBodySchema,
    response: RecordSchema.extend({ stores: z.array(z.string()) }),
  },
  "DELETE /feature-groups/{group}/records/{id}": {
    params: recordParams,
    query: DeleteRecordQuerySchema,
    response: z.object({ featureGroup: z.string(), recordId: z.string(), deletedAt: z.string() }),
  },
  "POST /feature-groups/batch-get": {
    body: BatchGetBodySchema,
    response: z.object({
      records: z.array(RecordSchema),
      missing: z.array(z.object({ featureGroup: z.string(), recordId: z.string() })),
      errors: z.array(
        z.object({ featureGroup: z.string(), recordId: z.string(), code: z.string(), message: z.string() }),
      ),
    }),
  },
};
