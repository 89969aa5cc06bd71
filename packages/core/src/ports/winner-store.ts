import type { PromotionPolicy, WinnerDecision } from "../winner/decision.js";
import type { Champion } from "../winner/selection.js";

/** How a shipped decision was handed to the endpoint. */
export type HandOff =
  | { readonly kind: "endpoint-created"; readonly endpointConfigName: string }
  | { readonly kind: "rollout-requested" }
  | { readonly kind: "rollout-rejected"; readonly reason: string };

/** A decision as stored: the decision plus what has been done about it. */
export interface StoredDecision extends WinnerDecision {
  readonly modelCreated?: boolean;
  readonly handOff?: HandOff;
  readonly notified?: boolean;
}

/** A model shipped to an endpoint, for `GET /endpoints/{name}/models`. */
export interface ShippedModel {
  readonly endpoint: string;
  readonly modelName: string;
  readonly tuningJob: string;
  readonly trainingJob: string;
  readonly metricName: string;
  readonly metricValue: number;
  readonly objectiveType: string;
  readonly shippedAt: string;
  /** What became of it: waiting for its rollout, the champion, or rejected by a rollback. */
  readonly status?: "shipped" | "champion" | "rejected";
}

/** A rollout waiting for (or run by) the rollout controller. */
export interface RolloutRequest {
  readonly endpoint: string;
  readonly tuningJob: string;
  readonly modelName: string;
  readonly metricValue: number;
  readonly requestedAt: string;
}

/** Winner selection's state in DynamoDB. Writes that must not happen twice are conditional. */
export interface WinnerStore {
  getDecision(tuningJob: string): Promise<StoredDecision | undefined>;
  /** Stores the decision unless one exists; returns whichever is stored. */
  putDecisionIfAbsent(decision: WinnerDecision): Promise<StoredDecision>;
  updateDecision(
    tuningJob: string,
    changes: Pick<StoredDecision, "modelCreated" | "handOff" | "notified">,
  ): Promise<StoredDecision>;
  getChampion(endpoint: string): Promise<Champion | undefined>;
  putChampion(endpoint: string, champion: Champion & { readonly since: string }): Promise<void>;
  getPromotionPolicy(endpoint: string): Promise<PromotionPolicy | undefined>;
  putPromotionPolicy(endpoint: string, policy: PromotionPolicy): Promise<void>;
  recordShippedModel(model: ShippedModel): Promise<void>;
  listShippedModels(endpoint: string): Promise<ShippedModel[]>;
  markShippedModel(endpoint: string, modelName: string, status: NonNullable<ShippedModel["status"]>): Promise<void>;
  /**
   * Records a rollout request as the endpoint's one active rollout. `accepted` when it was
   * written (or the same tuning job's request already was); otherwise the active one.
   */
  requestRollout(request: RolloutRequest): Promise<{ accepted: true } | { accepted: false; active: RolloutRequest }>;
}
