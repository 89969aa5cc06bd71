import { randomUUID } from "node:crypto";
import { AlertRouteSchema, DEFAULT_ROUTE, SilenceSchema } from "@sagemaker-lifecycle/core/alerts/model";
import { NotFoundError, ValidationError } from "@sagemaker-lifecycle/core/errors";
import { AlertQuerySchema, RouteNameSchema, SilenceIdSchema } from "@sagemaker-lifecycle/core/http/schemas";
import { parseOrThrow } from "@sagemaker-lifecycle/core/validation";
import { defineApiHandler } from "../platform/api-handler.js";
import * as deps from "../platform/deps.js";
import { jsonBody, pathParameter } from "../platform/request.js";

/** A route as the API shows it: the webhook only as a reference, never the URL. */
const view = <R extends { webhookRef: string }>(route: R) => ({
  ...route,
  webhook: { reference: route.webhookRef, configured: true },
});

/** `PUT /alert-routes/{name}`: which endpoints and check types go to which Slack webhook. */
export const putRoute = defineApiHandler(async (event) => {
  const name = pathParameter(event, "name", RouteNameSchema);
  if (name === DEFAULT_ROUTE.name) throw new ValidationError(`The route "${name}" is built in; choose another name`);
  const input = jsonBody(event, AlertRouteSchema);
  const { webhookUrl, ...rest } = input;
  const route = { name, ...rest, webhookRef: `alert-route:${name}` };
  await deps.alertStore().putRoute(route, webhookUrl);
  return { statusCode: 200, body: view(route) };
});

/** `GET /alert-routes`: the built-in default route and the ones added. */
export const listRoutes = defineApiHandler(async () => {
  const routes = await deps.alertStore().listRoutes();
  return { statusCode: 200, body: { routes: [DEFAULT_ROUTE, ...routes].map(view) } };
});

/** `DELETE /alert-routes/{name}`. */
export const deleteRoute = defineApiHandler(async (event) => {
  const name = pathParameter(event, "name", RouteNameSchema);
  if (!(await deps.alertStore().deleteRoute(name))) throw new NotFoundError(`No alert route ${name}`);
  return { statusCode: 200, body: { deleted: name } };
});

/** `POST /silences`: silenced alerts are recorded and not sent. */
export const createSilence = defineApiHandler(async (event) => {
  const input = jsonBody(event, SilenceSchema);
  const silence = await deps
    .alertStore()
    .putSilence(input, randomUUID(), new Date(event.requestContext.timeEpoch).toISOString());
  return { statusCode: 201, body: silence };
});

/** `GET /silences`. */
export const listSilences = defineApiHandler(async (event) => {
  const now = event.requestContext.timeEpoch;
  const silences = await deps.alertStore().listSilences();
  return { statusCode: 200, body: { silences: silences.map((s) => ({ ...s, active: Date.parse(s.until) > now })) } };
});

/** `DELETE /silences/{id}`. */
export const deleteSilence = defineApiHandler(async (event) => {
  const id = pathParameter(event, "id", SilenceIdSchema);
  if (!(await deps.alertStore().deleteSilence(id))) throw new NotFoundError(`No silence ${id}`);
  return { statusCode: 200, body: { deleted: id } };
});

/** `GET /alerts?endpoint=&since=&state=&limit=`: alerts, newest first, with their delivery state. */
export const listAlerts = defineApiHandler(async (event) => {
  const query = parseOrThrow(AlertQuerySchema, event.queryStringParameters ?? {}, "query string");
  const alerts = await deps.alertStore().listAlerts(query);
  return { statusCode: 200, body: { alerts } };
});
