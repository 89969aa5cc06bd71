/** Queries of the state table: every page of a query, and the due-time index. */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { TABLE_SCHEMA } from "../platform/table-schema.js";

/** Every item a query matches, page after page, stopping once `limit` items are read (when given). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey">,
  limit?: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = limit !== undefined && items.length >= limit ? undefined : out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return limit === undefined ? items : items.slice(0, limit);
}

/** Items of `partition` on the due-time index whose `dueAt` is at or before `now`. */
export function queryDue(
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  now: Date,
): Promise<Record<string, unknown>[]> {
  const { dueIndex } = TABLE_SCHEMA;
  return queryAll(client, {
    TableName: tableName,
    IndexName: dueIndex.name,
    KeyConditionExpression: "#p = :p AND #d <= :now",
    ExpressionAttributeNames: { "#p": dueIndex.partitionKey, "#d": dueIndex.sortKey },
    ExpressionAttributeValues: { ":p": partition, ":now": now.toISOString() },
  });
}
