/** A message for people: a title, a body and how urgent it is. */
export interface Notification {
  readonly title: string;
  readonly text: string;
  readonly severity: "info" | "warning" | "critical";
  /** Extra fields shown as context (never secrets). */
  readonly fields?: Record<string, string>;
  /** Names this notification for good: the same key is posted once, however often it is raised. */
  readonly key?: string;
}

/** Tells people (Slack in production, the local sink in local mode). */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}
