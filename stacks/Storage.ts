import type { StackContext } from "sst/constructs";
import { Table } from "sst/constructs";
import { TABLE_SCHEMA } from "../packages/core/src/platform/table-schema.js";

/**
 * The one DynamoDB table: state of every capability under `pk`/`sk`, a GSI that finds the
 * work falling due at a time (`duePartition` + `dueAt`), on-demand billing, point-in-time
 * recovery, and `expiresAt` as TTL for records that age out.
 */
export function Storage({ stack }: StackContext) {
  const table = new Table(stack, "State", {
    fields: {
      [TABLE_SCHEMA.partitionKey]: "string",
      [TABLE_SCHEMA.sortKey]: "string",
      [TABLE_SCHEMA.dueIndex.partitionKey]: "string",
      [TABLE_SCHEMA.dueIndex.sortKey]: "string",
    },
    primaryIndex: { partitionKey: TABLE_SCHEMA.partitionKey, sortKey: TABLE_SCHEMA.sortKey },
    globalIndexes: {
      [TABLE_SCHEMA.dueIndex.name]: {
        partitionKey: TABLE_SCHEMA.dueIndex.partitionKey,
        sortKey: TABLE_SCHEMA.dueIndex.sortKey,
      },
    },
    timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
    // SST v2 sets `pointInTimeRecovery` itself; overriding it (rather than the newer specification) avoids a CDK conflict.
    cdk: { table: { pointInTimeRecovery: true } },
  });
  return { table };
}
