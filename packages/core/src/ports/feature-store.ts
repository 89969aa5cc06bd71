import type { BatchCall } from "../features/batch.js";
import type { FeatureGroupDefinition } from "../features/definitions.js";

export type StoredValues = ReadonlyArray<{
  readonly FeatureName?: string | undefined;
  readonly ValueAsString?: string | undefined;
}>;

export interface BatchAnswer {
  readonly records: ReadonlyArray<{
    readonly featureGroup: string;
    readonly recordId: string;
    readonly record: StoredValues;
  }>;
  readonly errors: ReadonlyArray<{
    readonly featureGroup: string;
    readonly recordId: string;
    readonly code: string;
    readonly message: string;
  }>;
  readonly unprocessed: BatchCall;
}

/** SageMaker Feature Store (control plane for definitions, runtime for records). Adapters raise domain errors. */
export interface FeatureStorePort {
  describeFeatureGroup(name: string): Promise<FeatureGroupDefinition | undefined>;
  getRecord(group: string, recordId: string, features?: readonly string[]): Promise<StoredValues | undefined>;
  batchGetRecord(call: BatchCall): Promise<BatchAnswer>;
  putRecord(
    group: string,
    record: StoredValues,
    targetStores: ReadonlyArray<"OnlineStore" | "OfflineStore">,
  ): Promise<void>;
  deleteRecord(group: string, recordId: string, eventTime: string): Promise<void>;
}
