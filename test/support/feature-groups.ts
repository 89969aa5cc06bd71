/** The `customers` feature group the tests and the bench seed the simulator with. */
export function customersGroup(
  records: Array<Record<string, string>> = [],
  extraFeatures: Array<{ name: string; type: "String" | "Integral" | "Fractional" }> = [],
) {
  return {
    name: "customers",
    recordIdentifierFeatureName: "customer_id",
    eventTimeFeatureName: "event_time",
    featureDefinitions: [
      { name: "customer_id", type: "String" as const },
      { name: "ltv", type: "Fractional" as const },
      { name: "orders", type: "Integral" as const },
      ...extraFeatures,
      { name: "event_time", type: "String" as const },
    ],
    records,
  };
}

/** `count` customers c-0 … with ltv i.5 and i orders. */
export function customerRecords(count: number, extra: Record<string, string> = {}): Array<Record<string, string>> {
  return Array.from({ length: count }, (_, i) => ({
    customer_id: `c-${i}`,
    ltv: `${i}.5`,
    orders: `${i}`,
    event_time: "2026-11-20T10:00:00Z",
    ...extra,
  }));
}
