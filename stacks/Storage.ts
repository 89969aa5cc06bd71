import type { StackContext } from "sst/constructs";
import { Table } from "sst/constructs";

/**
 * The one DynamoDB table: state of every capability under `pk`/`sk`, a GSI that finds the
 * work falling due at a time (`duePartition` + `dueAt`), on-demand billing, point-in-time
 * recovery, and `expiresAt` as TTL for records that age out.
 */
export function Storage({ stack }: StackContext) {
  const table = new Table(stack, "State", {
    fields: { pk: "string", sk: "string", duePartition: "string", dueAt: "string" },
    primaryIndex: { partitionKey: "pk", sortKey: "sk" },
    globalIndexes: { byDueTime: { partitionKey: "duePartition", sortKey: "dueAt" } },
    timeToLiveAttribute: "expiresAt",
    // SST v2 sets `pointInTimeRecovery` itself; overriding it (rather than the newer specification) avoids a CDK conflict.
    cdk: { table: { pointInTimeRecovery: true } },
  });
  return { table };
}
