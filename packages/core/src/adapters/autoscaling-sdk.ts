/** Application Auto Scaling over the AWS SDK v3 client, for SageMaker variants. */
import {
  type ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  ObjectNotFoundException,
} from "@aws-sdk/client-application-auto-scaling";
import type { VariantScalingPort } from "../ports/rollout.js";

export const VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount";

/** The Application Auto Scaling resource id of a SageMaker variant. */
export function variantResourceId(endpoint: string, variant: string): string {
  return `endpoint/${endpoint}/variant/${variant}`;
}

export class SdkVariantScaling implements VariantScalingPort {
  constructor(private readonly client: ApplicationAutoScalingClient) {}

  async deregisterVariant(endpoint: string, variant: string): Promise<"deregistered" | "not-registered"> {
    try {
      await this.client.send(
        new DeregisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: variantResourceId(endpoint, variant),
          ScalableDimension: VARIANT_DIMENSION,
        }),
      );
      return "deregistered";
    } catch (error) {
      if (error instanceof ObjectNotFoundException) return "not-registered";
      throw error;
    }
  }
}
