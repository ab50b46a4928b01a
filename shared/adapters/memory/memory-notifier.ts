// Notifier in memory: the twin of the SNS notifier for use-case tests (never imported by production code).
import type { Notification, Notifier } from '../../app/ports/notifier.ts';
import { NotifierError } from '../../domain/errors.ts';
import { findNotificationViolation } from '../../domain/notification-limits.ts';

export interface PublishedNotification extends Notification {
  messageId: string;
}

/**
 * Keeps every notification it is given, in order, and refuses what SNS would refuse, as the SNS
 * notifier does. Can be told to fail the next publish.
 *
 * @example
 * const notifier = new MemoryNotifier();
 * await notifier.publish({ subject: 'Promoted 2 hostnames', message: '…' });
 * notifier.published[0]?.subject; // 'Promoted 2 hostnames'
 */
export class MemoryNotifier implements Notifier {
  readonly #published: PublishedNotification[] = [];
  #failures: Error[] = [];

  /** What was published, oldest first. */
  get published(): PublishedNotification[] {
    return this.#published.map((notification) => ({ ...notification }));
  }

  /** Makes the next publish fail with `error` (by default a NotifierError), publishing nothing. */
  failOnce(error: Error = new NotifierError('simulated notifier failure')): void {
    this.#failures.push(error);
  }

  async publish(notification: Notification): Promise<string> {
    const failure = this.#failures.shift();
    if (failure !== undefined) throw failure;
    const violation = findNotificationViolation(notification);
    if (violation !== undefined) {
      throw new NotifierError(
        `notification refused before publishing (${violation.rule}): ${violation.detail}`,
      );
    }
    const messageId = `message-${this.#published.length + 1}`;
    this.#published.push({ messageId, subject: notification.subject, message: notification.message });
    return messageId;
  }
}
