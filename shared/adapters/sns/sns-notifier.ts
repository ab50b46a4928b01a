// Notifier on Amazon SNS: one Publish per notification to the configured topic, refused before sending if SNS would refuse it.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from '../../app/ports/notifier.ts';
import { NotifierError } from '../../domain/errors.ts';
import { findNotificationViolation } from '../../domain/notification-limits.ts';

export interface SnsNotifierOptions {
  client: SNSClient;
  topicArn: string;
}

export class SnsNotifier implements Notifier {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(options: SnsNotifierOptions) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
  }

  /**
   * Publishes the notification and resolves to SNS's message ID.
   *
   * @throws NotifierError naming the broken rule (`subject_too_long`, `message_too_large`, …) before any
   * call, or wrapping what SNS answered.
   */
  async publish(notification: Notification): Promise<string> {
    const violation = findNotificationViolation(notification);
    if (violation !== undefined) {
      throw new NotifierError(
        `notification refused before publishing (${violation.rule}): ${violation.detail}`,
      );
    }
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.#client.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Subject: notification.subject,
          Message: notification.message,
        }),
      ));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const detail = error instanceof Error ? error.message : String(error);
      throw new NotifierError(`publishing to ${this.#topicArn} failed: ${name}: ${detail}`, { cause: error });
    }
    if (!messageId) throw new NotifierError(`SNS returned no message ID for a publish to ${this.#topicArn}`);
    return messageId;
  }
}
