import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/**
 * `GET /health`: the API is up. No authorization, no downstream calls, and on purpose none of
 * the shared shell either, so that the liveness check cold-starts like an empty function.
 */
export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ status: "ok" }),
});
