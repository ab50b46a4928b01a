// The port to the people who look after the allowlist: one notification per call (SNS on AWS).

export interface Notification {
  /** Under 100 characters, no line breaks (SNS's rule for email subjects). */
  subject: string;
  /** Plain text, at most 256 KB of UTF-8 (SNS's message limit). */
  message: string;
}

export interface Notifier {
  /** Resolves to the message ID the channel assigned. */
  publish(notification: Notification): Promise<string>;
}
