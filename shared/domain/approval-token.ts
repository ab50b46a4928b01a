// Signed approval-link tokens: bound to one entry and one decision scope, expiring, single-use by nonce.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a link may do: decide an entry (approve, reject or snooze it from the approval page). */
export type TokenScope = 'decide';

export interface TokenClaims {
  /** The entry's target. */
  target: string;
  scope: TokenScope;
  /** Matches the entry's current approval nonce while the link is unused; deciding clears it. */
  nonce: string;
  /** Epoch ms after which the link no longer works. */
  expiresAt: number;
}

/** Why a token was refused: each gets its own clear page, and none changes anything. */
export type TokenRejection = 'malformed' | 'forged' | 'expired' | 'wrong_scope';

export type VerifiedToken = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenRejection };

const VERSION = 'v1';
/** Secrets shorter than this are refused: the HMAC is only as strong as its key. */
export const MIN_SECRET_BYTES = 32;

/** A fresh random nonce for a new approval request. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Signs claims into a URL-safe token: `v1.<claims>.<HMAC-SHA256>`, all base64url.
 *
 * @example
 * const token = signToken(secret, { target: 'api.example.com', scope: 'decide', nonce: newNonce(), expiresAt });
 * const link = `${baseUrl}/approvals/${token}`;
 */
export function signToken(secret: Buffer, claims: TokenClaims): string {
  assertSecret(secret);
  const body = Buffer.from(
    JSON.stringify({ t: claims.target, s: claims.scope, n: claims.nonce, x: claims.expiresAt }),
  ).toString('base64url');
  return `${VERSION}.${body}.${mac(secret, body)}`;
}

/** Checks a token's form, signature, scope and expiry at `now`; never throws. */
export function verifyToken(secret: Buffer, token: string, scope: TokenScope, now: number): VerifiedToken {
  assertSecret(secret);
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || token.length > 2048)
    return { ok: false, reason: 'malformed' };
  const [, body = '', signature = ''] = parts;
  const expected = Buffer.from(mac(secret, body), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  let claims: TokenClaims;
  try {
    const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (
      typeof raw.t !== 'string' ||
      typeof raw.s !== 'string' ||
      typeof raw.n !== 'string' ||
      typeof raw.x !== 'number'
    ) {
      return { ok: false, reason: 'malformed' };
    }
    claims = { target: raw.t, scope: raw.s as TokenScope, nonce: raw.n, expiresAt: raw.x };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.scope !== scope) return { ok: false, reason: 'wrong_scope' };
  if (now >= claims.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function mac(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(`${VERSION}.${body}`).digest('base64url');
}

function assertSecret(secret: Buffer): void {
  if (secret.length < MIN_SECRET_BYTES) {
    throw new RangeError(`the approval signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
}
