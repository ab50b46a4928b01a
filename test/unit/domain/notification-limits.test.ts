import { describe, expect, it } from 'vitest';
import {
  findNotificationViolation,
  MAX_MESSAGE_BYTES,
  MAX_SUBJECT_CHARACTERS,
} from '../../../shared/domain/notification-limits.ts';

const message = 'Promoted api.example.com into the allowlist.';

describe('findNotificationViolation', () => {
  it.each([
    ['a plain subject', 'egress-scout: 3 candidates to review'],
    ['99 characters', 'x'.repeat(MAX_SUBJECT_CHARACTERS)],
    ['99 characters outside the BMP', '😀'.repeat(MAX_SUBJECT_CHARACTERS)],
    ['non-ASCII and HTML characters', 'Zugriff auf bücher.de <b>&</b> "ok"'],
  ])('accepts a subject with %s', (_, subject) => {
    expect(findNotificationViolation({ subject, message })).toBeUndefined();
  });

  it.each([
    ['empty', '', 'subject_empty'],
    ['100 characters long', 'x'.repeat(100), 'subject_too_long'],
    ['a newline', 'line one\nline two', 'subject_line_break'],
    ['a carriage return', 'line one\rline two', 'subject_line_break'],
    ['a Unicode line separator', 'line one\u2028line two', 'subject_line_break'],
    ['a tab', 'tab\there', 'subject_control_character'],
    ['an escape sequence', 'red \u001b[31m', 'subject_control_character'],
    ['a C1 control character', 'c1 \u009b', 'subject_control_character'],
    ['a lone surrogate', 'broken \ud800', 'text_not_well_formed'],
  ])('refuses a subject that is %s', (_, subject, rule) => {
    expect(findNotificationViolation({ subject, message })?.rule).toBe(rule);
  });

  it('accepts a message of exactly 256 KB of UTF-8, multi-byte characters counted as bytes', () => {
    const fourByteCharacters = '😀'.repeat(MAX_MESSAGE_BYTES / 4);

    expect(findNotificationViolation({ subject: 'big', message: fourByteCharacters })).toBeUndefined();
  });

  it('refuses a message one byte over 256 KB and says how large it is', () => {
    const violation = findNotificationViolation({
      subject: 'big',
      message: `${'é'.repeat(MAX_MESSAGE_BYTES / 2)}x`,
    });

    expect(violation).toEqual({
      rule: 'message_too_large',
      detail: 'the message is 262145 bytes of UTF-8; at most 262144 are allowed',
    });
  });

  it('refuses an empty message', () => {
    expect(findNotificationViolation({ subject: 'hello', message: '' })?.rule).toBe('message_empty');
  });

  it('refuses a message that cannot be encoded as UTF-8', () => {
    expect(findNotificationViolation({ subject: 'hello', message: 'half \udc00 a pair' })?.rule).toBe(
      'text_not_well_formed',
    );
  });
});
