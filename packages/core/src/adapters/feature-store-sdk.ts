/** The FeatureStorePort over the SageMaker and Feature Store runtime clients; throttling becomes a 503. */
import { DescribeFeatureGroupCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import {
  BatchGetRecordCommand,
  DeleteRecordCommand,
  GetRecordCommand,
  PutRecordCommand,
  type SageMakerFeatureStoreRuntimeClient,
} from "@aws-sdk/client-sagemaker-featurestore-runtime";
import { ServiceUnavailableError, ValidationError } from "../errors.js";
import type { BatchCall } from "../features/batch.js";
import type { FeatureGroupDefinition, FeatureType } from "../features/definitions.js";
import type { BatchAnswer, FeatureStorePort, StoredValues } from "../ports/feature-store.js";

function translate(error: unknown): never {
  const name = (error as { name?: string }).name ?? "";
  const message = (error as { message?: string }).message ?? "";
  if (
    name === "ThrottlingException" ||
    name === "ServiceUnavailable" ||
    (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling
  ) {
    throw new ServiceUnavailableError("SageMaker Feature Store is throttling requests; retry shortly", {
      cause: error,
      retryAfterSeconds: 1,
    });
  }
  if (name === "ValidationError" || name === "ValidationException")
    throw new ValidationError(`Feature Store refused the request: ${message}`, { cause: error });
  throw error;
}

export class SdkFeatureStore implements FeatureStorePort {
  constructor(
    private readonly sagemaker: SageMakerClient,
    private readonly runtime: SageMakerFeatureStoreRuntimeClient,
  ) {}

  async describeFeatureGroup(name: string): Promise<FeatureGroupDefinition | undefined> {
    try {
      const out = await this.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
      return {
        name: out.FeatureGroupName ?? name,
        recordIdentifierFeatureName: out.RecordIdentifierFeatureName ?? "",
        eventTimeFeatureName: out.EventTimeFeatureName ?? "",
        features: (out.FeatureDefinitions ?? []).map((d) => ({
          name: d.FeatureName ?? "",
          type: (d.FeatureType ?? "String") as FeatureType,
        })),
        onlineStore: out.OnlineStoreConfig?.EnableOnlineStore ?? false,
        offlineStore: out.OfflineStoreConfig !== undefined,
      };
    } catch (error) {
      if ((error as { name?: string }).name === "ResourceNotFound") return undefined;
      return translate(error);
    }
  }

  async getRecord(group: string, recordId: string, features?: readonly string[]): Promise<StoredValues | undefined> {
    try {
      const out = await this.runtime.send(
        new GetRecordCommand({
          FeatureGroupName: group,
          RecordIdentifierValueAsString: recordId,
          ...(features ? { FeatureNames: [...features] } : {}),
        }),
      );
      return out.Record;
    } catch (error) {
      return translate(error);
    }
  }

  async batchGetRecord(call: BatchCall): Promise<BatchAnswer> {
    try {
      const out = await this.runtime.send(
        new BatchGetRecordCommand({
          Identifiers: call.map((c) => ({
            FeatureGroupName: c.featureGroup,
            RecordIdentifiersValueAsString: c.recordIds,
            ...(c.features ? { FeatureNames: [...c.features] } : {}),
          })),
        }),
      );
      return {
        records: (out.Records ?? []).map((r) => ({
          featureGroup: r.FeatureGroupName ?? "",
          recordId: r.RecordIdentifierValueAsString ?? "",
          record: r.Record ?? [],
        })),
        errors: (out.Errors ?? []).map((e) => ({
          featureGroup: e.FeatureGroupName ?? "",
          recordId: e.RecordIdentifierValueAsString ?? "",
          code: e.ErrorCode ?? "Error",
          message: e.ErrorMessage ?? "",
        })),
        unprocessed: (out.UnprocessedIdentifiers ?? []).map((u) => ({
          featureGroup: u.FeatureGroupName ?? "",
          recordIds: u.RecordIdentifiersValueAsString ?? [],
          ...(u.FeatureNames ? { features: u.FeatureNames } : {}),
        })),
      };
    } catch (error) {
      return translate(error);
    }
  }

  async putRecord(
    group: string,
    record: StoredValues,
    targetStores: ReadonlyArray<"OnlineStore" | "OfflineStore">,
  ): Promise<void> {
    try {
      await this.runtime.send(
        new PutRecordCommand({
          FeatureGroupName: group,
          Record: record.map((v) => ({ FeatureName: v.FeatureName ?? "", ValueAsString: v.ValueAsString ?? "" })),
          TargetStores: [...targetStores],
        }),
      );
    } catch (error) {
      translate(error);
    }
  }

  async deleteRecord(group: string, recordId: string, eventTime: string): Promise<void> {
    try {
      await this.runtime.send(
        new DeleteRecordCommand({
          FeatureGroupName: group,
          RecordIdentifierValueAsString: recordId,
          EventTime: eventTime,
        }),
      );
    } catch (error) {
      translate(error);
    }
  }
}
