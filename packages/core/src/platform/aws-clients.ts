/**
 * The AWS SDK v3 clients, created once per process and reused across invocations.
 * Endpoints come from the standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`
 * variables, so local mode points them at the local edge without code changes.
 */
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerFeatureStoreRuntimeClient } from "@aws-sdk/client-sagemaker-featurestore-runtime";
import { SSMClient } from "@aws-sdk/client-ssm";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

let dynamo: DynamoDBClient | undefined;
let document: DynamoDBDocumentClient | undefined;
let sagemaker: SageMakerClient | undefined;
let featureStore: SageMakerFeatureStoreRuntimeClient | undefined;
let autoScaling: ApplicationAutoScalingClient | undefined;
let s3: S3Client | undefined;
let ssm: SSMClient | undefined;

/** Forgets every client (a cold start in local mode, where the endpoint may change between runtimes). */
export function resetAwsClients(): void {
  for (const client of [dynamo, sagemaker, featureStore, autoScaling, s3, ssm]) client?.destroy();
  dynamo = undefined;
  document = undefined;
  sagemaker = undefined;
  featureStore = undefined;
  autoScaling = undefined;
  s3 = undefined;
  ssm = undefined;
}

export const awsClients = {
  dynamo: (): DynamoDBClient => {
    dynamo ??= new DynamoDBClient({});
    return dynamo;
  },
  document: (): DynamoDBDocumentClient => {
    document ??= DynamoDBDocumentClient.from(awsClients.dynamo(), { marshallOptions: { removeUndefinedValues: true } });
    return document;
  },
  sagemaker: (): SageMakerClient => {
    sagemaker ??= new SageMakerClient({});
    return sagemaker;
  },
  featureStore: (): SageMakerFeatureStoreRuntimeClient => {
    featureStore ??= new SageMakerFeatureStoreRuntimeClient({});
    return featureStore;
  },
  autoScaling: (): ApplicationAutoScalingClient => {
    autoScaling ??= new ApplicationAutoScalingClient({});
    return autoScaling;
  },
  s3: (): S3Client => {
    s3 ??= new S3Client({ forcePathStyle: true });
    return s3;
  },
  ssm: (): SSMClient => {
    ssm ??= new SSMClient({});
    return ssm;
  },
};
