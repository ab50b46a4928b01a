import { isIPv4 as netIsIPv4 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isIPv4,
  MAX_HOSTNAME_LENGTH,
  normaliseHostname,
  normaliseHostnameInFull,
  normaliseSourceIp,
} from '../../../shared/domain/hostname.ts';

/** The rules DESIGN.md gives for a stored domain name, checked independently of the implementation. */
function isValidDomain(name: string): boolean {
  if (name.length === 0 || name.length > MAX_HOSTNAME_LENGTH) return false;
  const labels = name.split('.');
  return labels.every((label, index) => {
    const last = index === labels.length - 1;
    return label.length >= 1 && label.length <= 63 && (last ? /^[a-z0-9-]+$/ : /^[a-z0-9_-]+$/).test(label);
  });
}

describe('normaliseHostname', () => {
  it.each([
    ['www.example.com', 'www.example.com'],
    ['WWW.Example.COM', 'www.example.com'],
    ['www.example.com.', 'www.example.com'],
    ['www.example.com:443', 'www.example.com'],
    ['www.example.com.:8443', 'www.example.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.de', 'xn--bcher-kva.de'],
    ['日本.jp', 'xn--wgv71a.jp'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['foobar', 'foobar'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseHostname(raw)).toEqual({ ok: true, hostname: expected, kind: 'domain' });
  });

  it.each([
    ['10.0.2.182', '10.0.2.182'],
    ['10.0.2.182:8080', '10.0.2.182'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['2606:2800:0220:0001:0248:1893:25c8:1946', '2606:2800:220:1:248:1893:25c8:1946'],
  ])('keeps the IP literal %j as kind ip (%j)', (raw, expected) => {
    expect(normaliseHostname(raw)).toEqual({ ok: true, hostname: expected, kind: 'ip' });
  });

  it.each([
    ['', 'hostname_empty'],
    ['.', 'hostname_empty'],
    ['a'.repeat(301), 'hostname_too_long'],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, 'hostname_too_long'],
    [`${'a'.repeat(64)}.example.com`, 'hostname_label_too_long'],
    ['a..example.com', 'hostname_label_empty'],
    ['.example.com', 'hostname_label_empty'],
    ['example.com..', 'hostname_label_empty'],
    ['exa mple.com', 'hostname_invalid_character'],
    ['<script>alert(1)</script>.example.com', 'hostname_invalid_character'],
    ['"><img src=x onerror=alert(1)>', 'hostname_invalid_character'],
    ['%41.example.com', 'hostname_invalid_character'],
    ['exa%mple.cöm', 'hostname_invalid_character'],
    ['example.c_m', 'hostname_invalid_character'],
    ['bad\u0000.example.com', 'hostname_control_character'],
    ['bad\u001b[31m.example.com', 'hostname_control_character'],
    ['bad\u0085.example.com', 'hostname_control_character'],
    ['1.2.3.999', 'hostname_numeric_tld'],
    ['010.0.0.1', 'hostname_numeric_tld'],
    ['xn--zz.example.com', 'hostname_invalid_idn'],
    ['example.com:99999', 'hostname_invalid_port'],
    ['example.com:0', 'hostname_invalid_port'],
    ['example.com:https', 'hostname_invalid_port'],
  ])('rejects %j as %s', (raw, reason) => {
    expect(normaliseHostname(raw)).toEqual({ ok: false, reason });
  });

  it('never throws, and what it accepts normalises to itself and obeys the rules', () => {
    const hostnameLike = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.domain(),
      fc.webUrl().map((url) => new URL(url).host),
      fc.ipV4(),
      fc.ipV6(),
      fc.tuple(fc.domain(), fc.integer({ min: 0, max: 70000 })).map(([d, p]) => `${d}:${p}`),
      fc
        .array(fc.stringMatching(/^[a-zA-Z0-9_\-ü]{0,70}$/), { minLength: 1, maxLength: 6 })
        .map((labels) => labels.join('.')),
    );
    fc.assert(
      fc.property(hostnameLike, (raw) => {
        const first = normaliseHostname(raw);
        if (!first.ok) return;
        expect(normaliseHostname(first.hostname)).toEqual(first);
        if (first.kind === 'domain') expect(isValidDomain(first.hostname)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normaliseSourceIp', () => {
  it('keeps IPv4, canonicalises IPv6 and drops anything else', () => {
    expect(normaliseSourceIp('10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseSourceIp('2a03:b0c0:0002:00d0:0000:0000:0bd3:4001')).toBe('2a03:b0c0:2:d0::bd3:4001');
    expect(normaliseSourceIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normaliseSourceIp('not-an-ip')).toBeUndefined();
    expect(normaliseSourceIp(null)).toBeUndefined();
    expect(normaliseSourceIp(42)).toBeUndefined();
  });
});

describe('isIPv4', () => {
  it('decides exactly as node:net does, on address-like text and on anything else', () => {
    const octet = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 300 }).map(String) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`) },
      { weight: 1, arbitrary: fc.constantFrom('', '-1', '1e2', ' 1', '٣', '0x1', '1000') },
    );
    const addressLike = fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.array(octet, { minLength: 4, maxLength: 4 }) },
          { weight: 1, arbitrary: fc.array(octet, { minLength: 1, maxLength: 6 }) },
        ),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('') },
          { weight: 1, arbitrary: fc.constantFrom('.', '\n', ' ', ':80') },
        ),
      )
      .map(([octets, tail]) => octets.join('.') + tail);
    const anyText = fc.string({ unit: fc.constantFrom(...'0123456789.. x:'), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(addressLike, anyText, fc.string()), (text) => {
        expect(isIPv4(text)).toBe(netIsIPv4(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('normaliseHostname for names already in form', () => {
  it('gives what the full normalisation gives, on names of every shape', () => {
    const label = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'abcz09-'), minLength: 0, maxLength: 8 }),
      fc.constantFrom(
        'xn--bcher-kva',
        'xn--zz',
        'xn--',
        'com',
        '1',
        '123',
        'a'.repeat(63),
        'a'.repeat(64),
        '_dmarc',
        'A',
      ),
    );
    const name = fc
      .tuple(fc.array(label, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '.', ':443', ' '))
      .map(([labels, tail]) => labels.join('.') + tail);
    const long = fc.integer({ min: 240, max: 260 }).map((n) => `${'a.'.repeat(n).slice(0, n - 1)}b`);
    fc.assert(
      fc.property(fc.oneof(name, long, fc.string()), (raw) => {
        expect(normaliseHostname(raw)).toStrictEqual(normaliseHostnameInFull(raw));
      }),
      { numRuns: 5000 },
    );
  });
});
