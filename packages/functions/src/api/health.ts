import { defineApiHandler } from "../platform/api-handler.js";

/** `GET /health`: the API is up. No authorization, no downstream calls. */
export const handler = defineApiHandler(async () => ({ statusCode: 200, body: { status: "ok" } }));
