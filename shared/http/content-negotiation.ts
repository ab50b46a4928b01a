// Picks the response type from the Accept header (RFC 9110 §12.5.1: media ranges with q-values).
import { NotAcceptableError } from '../domain/errors.ts';

/**
 * The type in `offered` the client prefers: the highest q-value of the most specific range that
 * matches it (`text/csv` over `text/*` over `*\/*`), ties going to the earlier offer. No header means
 * the first offer; a header that accepts none of them is a NotAcceptableError (406).
 *
 * @example
 * preferredType('text/csv, application/json;q=0.5', ['application/json', 'text/csv']); // 'text/csv'
 * preferredType('text/html,*\/*;q=0.8', ['application/json', 'text/csv']);              // 'application/json'
 */
export function preferredType(accept: string | undefined, offered: readonly string[]): string {
  const first = offered[0];
  if (first === undefined) throw new Error('nothing offered');
  if (accept === undefined || accept.trim() === '') return first;
  const ranges = accept.split(',').map(parseRange);
  let best: string | undefined;
  let bestQuality = 0;
  for (const type of offered) {
    const quality = qualityOf(type, ranges);
    if (quality > bestQuality) {
      best = type;
      bestQuality = quality;
    }
  }
  if (best === undefined) {
    throw new NotAcceptableError(`none of ${offered.join(', ')} is acceptable to the client (Accept header)`);
  }
  return best;
}

interface MediaRange {
  type: string;
  subtype: string;
  quality: number;
}

function parseRange(text: string): MediaRange {
  const [mediaType = '', ...parameters] = text.split(';').map((part) => part.trim().toLowerCase());
  const [type = '', subtype = ''] = mediaType.split('/');
  let quality = 1;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part.trim());
    // A malformed q-value makes the range unusable rather than preferred.
    if (name === 'q') quality = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? '') ? Number(value) : 0;
  }
  return { type, subtype, quality };
}

function qualityOf(offered: string, ranges: MediaRange[]): number {
  const [type, subtype] = offered.toLowerCase().split('/');
  let specificity = -1;
  let quality = 0;
  for (const range of ranges) {
    let rank = -1;
    if (range.type === type && range.subtype === subtype) rank = 2;
    else if (range.type === type && range.subtype === '*') rank = 1;
    else if (range.type === '*' && range.subtype === '*') rank = 0;
    if (rank > specificity) {
      specificity = rank;
      quality = range.quality;
    }
  }
  return quality;
}
