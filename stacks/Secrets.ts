import type { StackContext } from "sst/constructs";
import { Config } from "sst/constructs";

/** Secrets kept by SST in SSM Parameter Store (`npx sst secrets set SLACK_WEBHOOK_URL ...`). */
export function Secrets({ stack, app }: StackContext) {
  const slackWebhookUrl = new Config.Secret(stack, "SLACK_WEBHOOK_URL");
  // Where SST stores the secret's value; functions read it at run time and never see it in env.
  const slackWebhookParameter = `/sst/${app.name}/${app.stage}/Secret/SLACK_WEBHOOK_URL/value`;
  return { slackWebhookUrl, slackWebhookParameter };
}
