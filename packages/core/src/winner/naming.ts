import { deterministicName } from "./selection.js";

/** The endpoint config that first deploys a model on a new endpoint. */
export function initialConfigNameFor(endpoint: string, modelName: string): string {
  return deterministicName(`${endpoint}-${modelName}`, "-cfg");
}

/** A variant's name on an endpoint: named after its model, so it stays the same through a promotion. */
export function variantNameFor(modelName: string): string {
  return deterministicName(modelName);
}
