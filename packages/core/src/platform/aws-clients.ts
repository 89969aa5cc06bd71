/**
 * The AWS SDK v3 clients, created once per process and reused across invocations.
 * Endpoints come from the standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`
 * variables, so local mode points them at the local edge without code changes.
 * One function per client, so that a function's bundle carries only the clients it uses.
 */
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerFeatureStoreRuntimeClient } from "@aws-sdk/client-sagemaker-featurestore-runtime";
import { SSMClient } from "@aws-sdk/client-ssm";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

type Destroyable = { destroy(): void };
const made = new Map<string, Destroyable>();

function once<T extends Destroyable>(name: string, make: () => T): T {
  let client = made.get(name) as T | undefined;
  if (!client) {
    client = make();
    made.set(name, client);
  }
  return client;
}

/** Forgets every client (a cold start in local mode, where the endpoint may change between runtimes). */
export function resetAwsClients(): void {
  for (const client of made.values()) client.destroy();
  made.clear();
}

export const dynamo = (): DynamoDBClient => once("dynamo", () => new DynamoDBClient({}));
export const document = (): DynamoDBDocumentClient =>
  once("document", () => DynamoDBDocumentClient.from(dynamo(), { marshallOptions: { removeUndefinedValues: true } }));
export const sagemaker = (): SageMakerClient => once("sagemaker", () => new SageMakerClient({}));
export const featureStore = (): SageMakerFeatureStoreRuntimeClient =>
  once("featureStore", () => new SageMakerFeatureStoreRuntimeClient({}));
export const autoScaling = (): ApplicationAutoScalingClient =>
  once("autoScaling", () => new ApplicationAutoScalingClient({}));
export const s3 = (): S3Client => once("s3", () => new S3Client({ forcePathStyle: true }));
export const ssm = (): SSMClient => once("ssm", () => new SSMClient({}));
