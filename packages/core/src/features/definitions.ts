/** Feature-group definitions, as the online API works with them. */

export type FeatureType = "String" | "Integral" | "Fractional";

export interface FeatureGroupDefinition {
  readonly name: string;
  readonly recordIdentifierFeatureName: string;
  readonly eventTimeFeatureName: string;
  readonly features: ReadonlyArray<{ readonly name: string; readonly type: FeatureType }>;
  readonly onlineStore: boolean;
  readonly offlineStore: boolean;
}

/** A typed feature value: numbers for Fractional and safe Integral values, strings otherwise. */
export type FeatureValue = string | number;
