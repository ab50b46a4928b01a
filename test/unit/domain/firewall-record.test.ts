import { describe, expect, it } from 'vitest';
import { parseFirewallRecord, type RecordContext } from '../../../shared/domain/firewall-record.ts';
import { eventJson, eventText } from '../../support/fixtures.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const context: RecordContext = { now: NOW };

/** A fixture record with one field changed (path of keys, value `undefined` deletes it). */
function variant(fixture: string, path: string[], value: unknown): string {
  const record = eventJson(`ingest/records/${fixture}`);
  let target: Record<string, unknown> = record;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return JSON.stringify(record);
}

describe('parseFirewallRecord', () => {
  it('reads the AWS documentation example: a blocked TLS SNI with its zone, source and time', () => {
    const parsed = parseFirewallRecord(eventText('ingest/records/alert-tls-blocked.json'), context);

    expect(parsed).toEqual({
      ok: true,
      observations: [
        {
          hostname: 'www.google.com',
          kind: 'domain',
          firewall: 'network-firewall',
          availabilityZone: 'ap-northeast-1c',
          protocol: 'tls',
          action: 'blocked',
          source: '10.0.2.182',
          time: Date.parse('2021-09-09T08:48:08.126Z'),
          flowId: 1019585680161813,
        },
      ],
    });
  });

  it.each([
    ['a JSON number', 1019585680161813, 1019585680161813],
    ['a string of digits', '1019585680161813', 1019585680161813],
    ['absent', undefined, undefined],
    ['zero', 0, undefined],
    ['negative', -5, undefined],
    ['a fraction', 1.5, undefined],
    ['past 2^53, where a double is no longer exact', 2 ** 53, undefined],
    ['a string past 2^53', '9007199254740993', undefined],
    ['a string with a sign', '+12', undefined],
    ['an object', { id: 1 }, undefined],
  ])('reads the flow ID when it is %s', (_name, flowId, expected) => {
    const parsed = parseFirewallRecord(
      variant('alert-tls-blocked.json', ['event', 'flow_id'], flowId),
      context,
    );

    expect(parsed.ok && parsed.observations[0]?.flowId).toBe(expected);
  });

  it('reads an allowed HTTP Host, normalised, with string ports and a numeric event_timestamp', () => {
    const parsed = parseFirewallRecord(eventText('ingest/records/alert-http-allowed.json'), context);

    expect(parsed.ok && parsed.observations).toEqual([
      expect.objectContaining({
        hostname: 'deb.debian.org',
        protocol: 'http',
        action: 'allowed',
        source: '10.1.3.21',
      }),
    ]);
  });

  it('takes the Suricata 7 verdict over the matching rule’s own action', () => {
    const parsed = parseFirewallRecord(eventText('ingest/records/alert-suricata7-verdict.json'), context);

    expect(parsed.ok && parsed.observations[0]).toMatchObject({ hostname: 'github.com', action: 'blocked' });
  });

  it('records the destination IP of TLS without SNI as kind ip', () => {
    const parsed = parseFirewallRecord(eventText('ingest/records/alert-tls-without-sni.json'), context);

    expect(parsed.ok && parsed.observations[0]).toMatchObject({
      hostname: '203.0.113.50',
      kind: 'ip',
      protocol: 'tls',
    });
  });

  it('takes Suricata’s "-" for no SNI as SNI-less TLS to the destination IP', () => {
    const parsed = parseFirewallRecord(variant('tls-log-record.json', ['event', 'sni'], '-'), context);

    expect(parsed.ok && parsed.observations[0]).toMatchObject({ hostname: '54.187.174.169', kind: 'ip' });
  });

  it('reads a TLS-log record: sni under event, no event_type, no action', () => {
    const parsed = parseFirewallRecord(eventText('ingest/records/tls-log-record.json'), context);

    expect(parsed.ok && parsed.observations[0]).toMatchObject({
      hostname: 'api.stripe.com',
      protocol: 'tls',
      action: 'unknown',
      source: '10.1.0.9',
      time: Date.parse('2025-11-24T10:31:40.250Z'),
    });
  });

  it('keeps the last of duplicate keys, as JSON does, and converts IDN to punycode', () => {
    const parsed = parseFirewallRecord(
      eventText('ingest/records/alert-idn-and-duplicate-keys.json'),
      context,
    );

    expect(parsed.ok && parsed.observations).toEqual([
      expect.objectContaining({ hostname: 'xn--bcher-kva.de', action: 'allowed' }),
    ]);
  });

  it('gives one observation per distinct hostname when a record names both SNI and Host', () => {
    const both = variant('alert-tls-blocked.json', ['event', 'http'], { hostname: 'www.google.com:443' });
    const different = variant('alert-tls-blocked.json', ['event', 'http'], { hostname: 'other.example.com' });

    const same = parseFirewallRecord(both, context);
    const two = parseFirewallRecord(different, context);

    expect(same.ok && same.observations.map((o) => [o.hostname, o.protocol])).toEqual([
      ['www.google.com', 'tls'],
    ]);
    expect(two.ok && two.observations.map((o) => [o.hostname, o.protocol])).toEqual([
      ['www.google.com', 'tls'],
      ['other.example.com', 'http'],
    ]);
  });

  it('falls back from event.timestamp to event_timestamp to the log event time', () => {
    const noEventTime = variant('alert-tls-blocked.json', ['event', 'timestamp'], undefined);
    const badEventTime = variant('alert-tls-blocked.json', ['event', 'timestamp'], 'yesterday');
    const onlyLogTime = JSON.stringify({
      ...eventJson('ingest/records/alert-tls-blocked.json'),
      event_timestamp: undefined,
      event: { event_type: 'alert', tls: { sni: 'a.example.com' } },
    });

    const fromWrapper = parseFirewallRecord(noEventTime, context);
    const fromWrapperAfterBad = parseFirewallRecord(badEventTime, context);
    const fromLog = parseFirewallRecord(onlyLogTime, { now: NOW, logTimestamp: 1_700_000_000_123 });

    expect(fromWrapper.ok && fromWrapper.observations[0]?.time).toBe(1631177288000);
    expect(fromWrapperAfterBad.ok && fromWrapperAfterBad.observations[0]?.time).toBe(1631177288000);
    expect(fromLog.ok && fromLog.observations[0]?.time).toBe(1_700_000_000_123);
  });

  it.each([
    ['not JSON', 'this is not json', 'not_json'],
    ['truncated', eventText('ingest/records/alert-tls-blocked.json').slice(0, 120), 'not_json'],
    ['a JSON array', '[1,2,3]', 'not_an_object'],
    ['JSON null', 'null', 'not_an_object'],
    ['a record from another service', '{"status":"info","message":"hello"}', 'not_firewall_record'],
    ['a null event', variant('alert-tls-blocked.json', ['event'], null), 'missing_event'],
    ['a string event', variant('alert-tls-blocked.json', ['event'], 'alert'), 'missing_event'],
    [
      'no firewall name',
      variant('alert-tls-blocked.json', ['firewall_name'], undefined),
      'missing_firewall_name',
    ],
    [
      'a null firewall name',
      variant('alert-tls-blocked.json', ['firewall_name'], null),
      'missing_firewall_name',
    ],
    [
      'a numeric firewall name',
      variant('alert-tls-blocked.json', ['firewall_name'], 42),
      'invalid_firewall_name',
    ],
    [
      'a firewall name with #',
      variant('alert-tls-blocked.json', ['firewall_name'], 'fw#1'),
      'invalid_firewall_name',
    ],
    [
      'no zone',
      variant('alert-tls-blocked.json', ['availability_zone'], undefined),
      'missing_availability_zone',
    ],
    [
      'an HTML zone',
      variant('alert-tls-blocked.json', ['availability_zone'], '<b>a</b>'),
      'invalid_availability_zone',
    ],
    [
      'a netflow record',
      variant('alert-tls-blocked.json', ['event', 'event_type'], 'netflow'),
      'ignored_event_type',
    ],
    [
      'an alert naming no host or protocol',
      JSON.stringify({
        ...eventJson('ingest/records/alert-tls-blocked.json'),
        event: { event_type: 'alert', alert: {} },
      }),
      'no_hostname',
    ],
    [
      'a numeric SNI',
      variant('alert-tls-blocked.json', ['event', 'tls'], { sni: 42 }),
      'hostname_not_string',
    ],
    [
      'an object Host',
      variant('alert-http-allowed.json', ['event', 'http'], { hostname: {} }),
      'hostname_not_string',
    ],
    [
      'HTML in the SNI',
      variant('alert-tls-blocked.json', ['event', 'tls'], { sni: '<script>alert(1)</script>' }),
      'hostname_invalid_character',
    ],
    [
      'a control character in the SNI',
      variant('alert-tls-blocked.json', ['event', 'tls'], { sni: 'evil\u001b[2J.example.com' }),
      'hostname_control_character',
    ],
    [
      'a 300-character SNI',
      variant('alert-tls-blocked.json', ['event', 'tls'], { sni: `${'a.'.repeat(149)}com` }),
      'hostname_too_long',
    ],
    [
      'no timestamp anywhere',
      JSON.stringify({
        firewall_name: 'fw',
        availability_zone: 'us-east-1a',
        event: { tls: { sni: 'a.example.com' } },
      }),
      'missing_timestamp',
    ],
    [
      'only unreadable timestamps',
      variant('alert-tls-blocked.json', ['event_timestamp'], 'soon').replace('2021-09-09T08:48:08', 'later'),
      'invalid_timestamp',
    ],
    [
      'a time two days ahead',
      variant('alert-tls-blocked.json', ['event', 'timestamp'], '2026-11-25T12:00:01Z'),
      'timestamp_in_future',
    ],
  ])('rejects %s with a reason', (_name, message, reason) => {
    expect(parseFirewallRecord(message, context)).toEqual({ ok: false, reason });
  });

  it('reads bare Suricata EVE lines only when told their firewall and zone', () => {
    const eve = JSON.stringify(eventJson('ingest/records/alert-tls-blocked.json').event);

    const refused = parseFirewallRecord(eve, context);
    const accepted = parseFirewallRecord(eve, {
      now: NOW,
      defaults: { firewall: 'lab-suricata', availabilityZone: 'lab-1a' },
    });

    expect(refused).toEqual({ ok: false, reason: 'not_firewall_record' });
    expect(accepted.ok && accepted.observations[0]).toMatchObject({
      hostname: 'www.google.com',
      firewall: 'lab-suricata',
      availabilityZone: 'lab-1a',
    });
  });
});
