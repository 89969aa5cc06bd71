/** The due-time index: every record whose `dueAt` in `partition` is at or before `now`, all pages. */
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { TABLE_SCHEMA } from "../platform/table-schema.js";

export async function queryDue(
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  now: Date,
): Promise<Record<string, unknown>[]> {
  const { dueIndex } = TABLE_SCHEMA;
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: dueIndex.name,
        KeyConditionExpression: "#p = :p AND #d <= :now",
        ExpressionAttributeNames: { "#p": dueIndex.partitionKey, "#d": dueIndex.sortKey },
        ExpressionAttributeValues: { ":p": partition, ":now": now.toISOString() },
        ExclusiveStartKey,
      }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
