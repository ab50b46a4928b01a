// SNS's limits on a notification's subject and message, as one check the use cases, the adapter and the twins share.
//
// Source: docs.aws.amazon.com/sns/latest/api/API_Publish.html — Subject: "UTF-8 text with no line
// breaks or control characters, and less than 100 characters long"; Message: "at most 256 KB in size
// (262,144 bytes, not 262,144 characters)". Callers shorten or split before publishing; the adapters
// refuse what would still break a rule, so nothing is silently cut on the way to a person's inbox.

/** "Less than 100 characters". */
export const MAX_SUBJECT_CHARACTERS = 99;
/** 256 KB of UTF-8. */
export const MAX_MESSAGE_BYTES = 262_144;

/** Which rule a notification breaks; a closed set so a test or a log can name it. */
export type NotificationRule =
  | 'subject_empty'
  | 'subject_too_long'
  | 'subject_line_break'
  | 'subject_control_character'
  | 'message_empty'
  | 'message_too_large'
  | 'text_not_well_formed';

export interface NotificationViolation {
  rule: NotificationRule;
  /** Says what is wrong, with the numbers. */
  detail: string;
}

const LINE_BREAK = /[\n\r\u2028\u2029\u0085]/;
/** C0, DEL and C1 (Unicode category Cc). */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** A lone UTF-16 surrogate cannot be encoded as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first SNS rule the notification breaks, or undefined when SNS would accept it.
 *
 * @example
 * findNotificationViolation({ subject: 'New\ncandidates', message: 'x' });
 * // { rule: 'subject_line_break', detail: 'the subject contains a line break' }
 */
export function findNotificationViolation({
  subject,
  message,
}: {
  subject: string;
  message: string;
}): NotificationViolation | undefined {
  return findSubjectViolation(subject) ?? findMessageViolation(message);
}

/** The first rule an SNS subject breaks, or undefined. */
export function findSubjectViolation(subject: string): NotificationViolation | undefined {
  if (subject.length === 0) return { rule: 'subject_empty', detail: 'the subject is empty' };
  if (LONE_SURROGATE.test(subject)) {
    return { rule: 'text_not_well_formed', detail: 'the subject contains a lone UTF-16 surrogate' };
  }
  const characters = [...subject].length;
  if (characters > MAX_SUBJECT_CHARACTERS) {
    return {
      rule: 'subject_too_long',
      detail: `the subject has ${characters} characters; it must be under ${MAX_SUBJECT_CHARACTERS + 1}`,
    };
  }
  if (LINE_BREAK.test(subject)) {
    return { rule: 'subject_line_break', detail: 'the subject contains a line break' };
  }
  if (CONTROL_CHARACTER.test(subject)) {
    return { rule: 'subject_control_character', detail: 'the subject contains a control character' };
  }
  return undefined;
}

/** The first rule an SNS message breaks, or undefined. */
export function findMessageViolation(message: string): NotificationViolation | undefined {
  if (message.length === 0) return { rule: 'message_empty', detail: 'the message is empty' };
  if (LONE_SURROGATE.test(message)) {
    return { rule: 'text_not_well_formed', detail: 'the message contains a lone UTF-16 surrogate' };
  }
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    return {
      rule: 'message_too_large',
      detail: `the message is ${bytes} bytes of UTF-8; at most ${MAX_MESSAGE_BYTES} are allowed`,
    };
  }
  return undefined;
}
