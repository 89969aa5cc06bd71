/**
 * dynalite as the local DynamoDB: in memory by default, on disk with a data directory
 * (LevelDB), listening on a private loopback port behind the edge. The state table is
 * created at start with the key schema the Storage stack deploys.
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { request as httpRequest, type RequestListener } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { TABLE_SCHEMA } from "@sagemaker-lifecycle/core/platform/table-schema";
import dynalite from "dynalite";

export interface LocalDynamo {
  readonly endpoint: string;
  /** Forwards a DynamoDB request to dynalite (used by the edge). */
  readonly proxy: RequestListener;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDynamo(options: { dataDir?: string; tableName: string }): Promise<LocalDynamo> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await createTable(endpoint, options.tableName);
  const proxy: RequestListener = (req, res) => {
    const upstream = httpRequest(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(503, { "content-type": "application/x-amz-json-1.0" });
      res.end(
        JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ServiceUnavailable", message: error.message }),
      );
    });
    req.pipe(upstream);
  };
  return {
    endpoint,
    proxy,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const { partitionKey, sortKey, dueIndex } = TABLE_SCHEMA;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: "S" },
          { AttributeName: sortKey, AttributeType: "S" },
          { AttributeName: dueIndex.partitionKey, AttributeType: "S" },
          { AttributeName: dueIndex.sortKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: partitionKey, KeyType: "HASH" },
          { AttributeName: sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: dueIndex.name,
            KeySchema: [
              { AttributeName: dueIndex.partitionKey, KeyType: "HASH" },
              { AttributeName: dueIndex.sortKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
  } catch (error) {
    // A persisted data directory already has the table.
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}
