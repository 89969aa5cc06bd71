/**
 * The state table's key schema, shared by the SST Storage stack and the local runtime
 * (which creates the same table in dynalite at start).
 */
export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  dueIndex: { name: "byDueTime", partitionKey: "duePartition", sortKey: "dueAt" },
  ttlAttribute: "expiresAt",
} as const;
