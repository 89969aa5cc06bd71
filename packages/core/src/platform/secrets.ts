/**
 * The Slack webhook URL, a secret: from `SLACK_WEBHOOK_URL` where configuration sets it
 * (local mode, tests), otherwise from the SSM parameter SST keeps the secret in
 * (`SLACK_WEBHOOK_PARAMETER`), fetched once per cold start. Never logged.
 */
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { config } from "../config.js";
import { ConfigurationError } from "../errors.js";
import * as awsClients from "./aws-clients.js";

let cached: Promise<string> | undefined;

export function slackWebhookUrl(): Promise<string> {
  cached ??= (async () => {
    const { SLACK_WEBHOOK_URL, SLACK_WEBHOOK_PARAMETER } = config();
    if (SLACK_WEBHOOK_URL) return SLACK_WEBHOOK_URL;
    if (!SLACK_WEBHOOK_PARAMETER) {
      throw new ConfigurationError("Neither SLACK_WEBHOOK_URL nor SLACK_WEBHOOK_PARAMETER is set");
    }
    const out = await awsClients
      .ssm()
      .send(new GetParameterCommand({ Name: SLACK_WEBHOOK_PARAMETER, WithDecryption: true }));
    const value = out.Parameter?.Value;
    if (!value) throw new ConfigurationError(`The SSM parameter ${SLACK_WEBHOOK_PARAMETER} is empty`);
    return value;
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** Forgets the fetched secret (a cold start in local mode). */
export function resetSecrets(): void {
  cached = undefined;
}
