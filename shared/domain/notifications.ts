// The texts egress-scout sends people (SNS email: plain text, bare links), within SNS's size rules.
import type { Entry, Evidence } from './lifecycle.ts';
import { MAX_SUBJECT_CHARACTERS, MAX_MESSAGE_BYTES as SNS_MAX_MESSAGE_BYTES } from './notification-limits.ts';
import { toIso } from './time.ts';

export interface TextMessage {
  /** Under 100 characters, one line. */
  subject: string;
  /** Plain text, at most {@link MAX_MESSAGE_BYTES} of UTF-8. */
  message: string;
}

/** SNS's limit, less a little kept back for the transport's own envelope. */
export const MAX_MESSAGE_BYTES = SNS_MAX_MESSAGE_BYTES - 2048;

const PRODUCT = 'egress-scout';

/**
 * Makes a value from the logs safe for a plain-text email: control characters and line breaks
 * (which could forge lines of the message) become visible escapes.
 */
export function plainTextSafe(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    out +=
      code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : char;
  }
  return out;
}

/** A one-line subject under SNS's limit. */
export function subjectLine(text: string): string {
  const line = plainTextSafe(text).replace(/\\u[0-9a-f]{4}/g, ' ');
  const characters = [...line];
  return characters.length <= MAX_SUBJECT_CHARACTERS
    ? line
    : `${characters.slice(0, MAX_SUBJECT_CHARACTERS - 1).join('')}…`;
}

export function describeEvidence(evidence: Evidence): string[] {
  return [
    `hits: ${evidence.windowHits} in the last ${evidence.windowDays} days (${evidence.totalHits} since first seen: ${evidence.allowed} allowed, ${evidence.blocked} blocked)`,
    `days seen: ${evidence.daysSeen} of ${evidence.windowDays}`,
    `sources: ${evidence.sources}`,
    `firewalls: ${evidence.firewalls.map(plainTextSafe).join(', ') || '-'}`,
    `zones: ${evidence.availabilityZones.map(plainTextSafe).join(', ') || '-'}`,
    `first seen: ${toIso(evidence.firstSeen)}, last seen: ${toIso(evidence.lastSeen)}`,
  ];
}

export function describeEntry(
  entry: Pick<Entry, 'target' | 'kind' | 'covers' | 'evidence'>,
  link?: string,
): string {
  const lines = [
    `* ${plainTextSafe(entry.target)}${entry.kind === 'wildcard' ? ` (wildcard: covers ${entry.covers.length} observed hostnames)` : ''}`,
    ...describeEvidence(entry.evidence).map((line) => `    ${line}`),
  ];
  if (entry.kind === 'wildcard') {
    lines.push(`    covers: ${entry.covers.map(plainTextSafe).join(', ')}`);
  }
  if (link !== undefined) lines.push(`    review and decide: ${link}`);
  return lines.join('\n');
}

/**
 * Splits blocks over as few messages as SNS's size limit allows, each with the header and footer,
 * numbering the parts in the subject when there is more than one.
 */
export function splitIntoMessages(
  subject: string,
  header: string,
  blocks: string[],
  footer: string,
): TextMessage[] {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  const fixed = bytes(header) + bytes(footer) + 4;
  const parts: string[][] = [[]];
  let size = fixed;
  for (const block of blocks) {
    const blockSize = bytes(block) + 2;
    if (fixed + blockSize > MAX_MESSAGE_BYTES)
      throw new RangeError('one entry alone exceeds the message size limit');
    const current = parts[parts.length - 1] as string[];
    if (size + blockSize > MAX_MESSAGE_BYTES && current.length > 0) {
      parts.push([block]);
      size = fixed + blockSize;
    } else {
      current.push(block);
      size += blockSize;
    }
  }
  return parts.map((part, index) => ({
    subject: subjectLine(parts.length === 1 ? subject : `${subject} (part ${index + 1} of ${parts.length})`),
    message: [header, ...part, footer].join('\n\n'),
  }));
}

/** The digest asking a person to review newly pending entries: one message unless SNS's limit needs more. */
export function approvalDigest(
  pending: { entry: Entry; link: string }[],
  linkLifetimeHours: number,
): TextMessage[] {
  const count = pending.length;
  const wildcards = pending.filter((p) => p.entry.kind === 'wildcard').length;
  const header = [
    `${count} allowlist ${count === 1 ? 'entry awaits' : 'entries await'} your review${wildcards > 0 ? ` (${wildcards} wildcard suggestion${wildcards === 1 ? '' : 's'})` : ''}.`,
    'Each link opens a page with the evidence; nothing changes until you press Approve or Reject there.',
    `Links work once and expire after ${linkLifetimeHours} hours.`,
  ].join('\n');
  const footer = `-- ${PRODUCT}`;
  return splitIntoMessages(
    `${PRODUCT}: ${count} allowlist ${count === 1 ? 'entry' : 'entries'} to review`,
    header,
    pending.map(({ entry, link }) => describeEntry(entry, link)),
    footer,
  );
}

/** A list of targets with a one-line reason each, under a subject (promoted, expired, auto-approved…). */
export function targetListMessage(subject: string, intro: string, lines: string[]): TextMessage[] {
  return splitIntoMessages(
    subject,
    intro,
    lines.map((line) => `* ${plainTextSafe(line)}`),
    `-- ${PRODUCT}`,
  );
}

/** A warning that needs a person (capacity, drift, expiry guard); one message, every line made safe. */
export function warningMessage(subject: string, body: string[]): TextMessage {
  return {
    subject: subjectLine(`${PRODUCT} warning: ${subject}`),
    message: [...body.map(plainTextSafe), '', `-- ${PRODUCT}`].join('\n'),
  };
}
