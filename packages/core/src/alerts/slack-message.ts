/**
 * The Slack message for one execution and route, in Block Kit, under Slack's limits
 * (at most 50 blocks, section text at most 3000 characters): the violating features as a
 * table, a link to the report, and a summary of what does not fit ("and 37 more features").
 */
import type { Notification } from "../ports/notifier.js";
import type { Alert, Severity } from "./model.js";

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;

export interface MessageLine {
  readonly alert: Alert;
  readonly stillFailing: boolean;
  readonly timesSeen: number;
}

const ICON: Record<Severity, string> = {
  critical: ":red_circle:",
  warning: ":large_orange_circle:",
  info: ":white_circle:",
};
const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Escapes what Slack's mrkdwn would interpret. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function row(line: MessageLine): string {
  const a = line.alert;
  const still = line.stillFailing ? ` _(still failing, seen ${line.timesSeen}×)_` : "";
  return `${ICON[a.severity]} *${escapeMrkdwn(truncate(a.feature, 100))}* · \`${escapeMrkdwn(a.checkType)}\`${still}\n${escapeMrkdwn(truncate(a.description, 400))}`;
}

/**
 * Builds the message. Rows are ordered by severity, then feature; sections are packed up
 * to the text limit; when the block budget runs out the rest is summarised.
 *
 * @example
 * buildAlertMessage({ endpoint: "churn-prod", schedule: "dq", execution: "job-1", reportUri: "s3://…" }, lines).blocks.length; // ≤ 50
 */
export function buildAlertMessage(
  context: {
    readonly endpoint: string;
    readonly schedule: string;
    readonly execution: string;
    readonly reportUri?: string | undefined;
  },
  lines: readonly MessageLine[],
): { text: string; blocks: unknown[] } {
  const sorted = [...lines].sort(
    (a, b) => RANK[a.alert.severity] - RANK[b.alert.severity] || a.alert.feature.localeCompare(b.alert.feature),
  );
  const worst = sorted[0]?.alert.severity ?? "info";
  const title = `${ICON[worst]} Model Monitor: ${lines.length} violation${lines.length === 1 ? "" : "s"} on ${context.endpoint}`;
  const header = [
    { type: "header", text: { type: "plain_text", text: truncate(title.replace(/:[a-z_]+: /, ""), 150) } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: truncate(
            `schedule *${escapeMrkdwn(context.schedule)}* · execution \`${escapeMrkdwn(context.execution)}\`${context.reportUri ? ` · report ${escapeMrkdwn(context.reportUri)}` : ""}`,
            MAX_SECTION_TEXT,
          ),
        },
      ],
    },
  ];
  // Keep room for the header blocks and one summary block.
  const budget = MAX_BLOCKS - header.length - 1;
  const sections: string[] = [];
  let current = "";
  let placed = 0;
  for (const line of sorted) {
    const text = row(line);
    if (current && current.length + 1 + text.length > MAX_SECTION_TEXT) {
      if (sections.length + 1 >= budget) break;
      sections.push(current);
      current = "";
    }
    current = current ? `${current}\n${text}` : text;
    placed++;
  }
  if (current) sections.push(current);
  const blocks: unknown[] = [
    ...header,
    ...sections.map((text) => ({ type: "section", text: { type: "mrkdwn", text } })),
  ];
  const rest = sorted.length - placed;
  if (rest > 0)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${rest} more feature${rest === 1 ? "" : "s"}: see the report` }],
    });
  return { text: title, blocks };
}

const NOTIFICATION_EMOJI = {
  info: ":information_source:",
  warning: ":warning:",
  critical: ":rotating_light:",
} as const;

/** The Block Kit body of a notification (rollout transitions, no-winner decisions, drift repairs, alarms). */
export function toSlackMessage(notification: Notification): Record<string, unknown> {
  const fields = Object.entries(notification.fields ?? {}).slice(0, 10);
  return {
    text: `${notification.title}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: notification.title.slice(0, 150) } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `${NOTIFICATION_EMOJI[notification.severity]} ${notification.text}`.slice(0, 3000),
        },
      },
      ...(fields.length > 0
        ? [
            {
              type: "section",
              fields: fields.map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}`.slice(0, 2000) })),
            },
          ]
        : []),
    ],
  };
}
