// Every file of test/fixtures/third-party (third-party sample logs) through the CLI reader and the ingest use case, with hand-written expectations.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordContext } from '../../shared/domain/firewall-record.ts';
import { CORPUS_DIR, corpusPath } from '../support/fixtures.ts';
import { ingestFileInMemory } from '../support/ingest-files.ts';

const NOW = Date.parse('2026-11-23T00:00:00Z');
const LAB: RecordContext['defaults'] = { firewall: 'lab-suricata', availabilityZone: 'lab-1a' };

/** hostname, kind, protocols, firewalls, zones, hits, allowed, blocked */
type HostRow = [string, 'domain' | 'ip', string, string, string, number, number, number];

interface Expectation {
  events: number;
  controlMessages?: number;
  rejected: Record<string, number>;
  hostnames: HostRow[];
  /** Bare Suricata EVE files: imported with --firewall/--az defaults. */
  defaults?: RecordContext['defaults'];
}

const EXAMPLE_TLS: HostRow = ['example.com', 'domain', 'tls', 'test-firewall', 'us-east-1a', 1, 0, 0];
const EXAMPLE_HTTP: HostRow = ['example.com', 'domain', 'http', 'test-firewall', 'us-east-1a', 1, 0, 0];

const EXPECTED: Record<string, Expectation> = {
  // Canonical AWS subscription payloads: Lambda log lines, not firewall records.
  'aws-lambda-go/cloudwatch-logs-event.json': { events: 2, rejected: { not_json: 2 }, hostnames: [] },
  'aws-sam-cli/CloudwatchLogs.json': { events: 2, rejected: { not_json: 2 }, hostnames: [] },
  'powertools-lambda-python/cloudWatchLogEvent.json': { events: 2, rejected: { not_json: 2 }, hostnames: [] },
  // zlib instead of gzip, pretty-printed, extra policyLevel: decoded all the same.
  'powertools-lambda-python/cloudWatchLogEventWithPolicyLevel.json': {
    events: 2,
    rejected: { not_json: 2 },
    hostnames: [],
  },
  // Kinesis envelopes: two gzip DATA_MESSAGEs of three Lambda START/END/REPORT lines each.
  'powertools-lambda-python/kinesisStreamCloudWatchLogsEvent.json': {
    events: 6,
    rejected: { not_json: 6 },
    hostnames: [],
  },
  'powertools-lambda-typescript/stream-cloudwatch-logs.json': {
    events: 6,
    rejected: { not_json: 6 },
    hostnames: [],
  },
  // Two plain lines and one JSON line that is not a firewall record.
  'powertools-lambda-typescript/base.json': {
    events: 3,
    rejected: { not_json: 2, not_firewall_record: 1 },
    hostnames: [],
  },
  // Already-decoded payloads of Lambda logs (16 plain lines, 3 JSON lines).
  'datadog-serverless-functions/cloudwatch_logs.json': {
    events: 19,
    rejected: { not_json: 16, not_firewall_record: 3 },
    hostnames: [],
  },
  'datadog-serverless-functions/cloudwatch_logs_2.json': {
    events: 1,
    rejected: { not_firewall_record: 1 },
    hostnames: [],
  },
  'datadog-serverless-functions/cloudwatch_logs_ddtags.json': {
    events: 1,
    rejected: { not_firewall_record: 1 },
    hostnames: [],
  },
  // Control messages: acknowledged, nothing counted.
  'otel-collector-contrib/awsfirehosereceiver-cwlog/only_control': {
    events: 0,
    controlMessages: 1,
    rejected: {},
    hostnames: [],
  },
  'otel-collector-contrib/subscription-filter/valid_cloudwatch_log_control.json': {
    events: 0,
    controlMessages: 1,
    rejected: {},
    hostnames: [],
  },
  // CloudTrail-ish messages cut short: not JSON.
  'otel-collector-contrib/subscription-filter/valid_cloudwatch_log.json': {
    events: 3,
    rejected: { not_json: 3 },
    hostnames: [],
  },
  // Network Firewall records, pretty-printed, ISO event_timestamp.
  'otel-collector-contrib/network-firewall-log/alert_log.json': {
    events: 1,
    rejected: { no_hostname: 1 },
    hostnames: [],
  },
  'otel-collector-contrib/network-firewall-log/alert_with_metadata_log.json': {
    events: 1,
    rejected: { no_hostname: 1 },
    hostnames: [],
  },
  'otel-collector-contrib/network-firewall-log/valid_alert_log.json': {
    events: 1,
    rejected: { no_hostname: 1 },
    hostnames: [],
  },
  'otel-collector-contrib/network-firewall-log/flow_log.json': {
    events: 1,
    rejected: { ignored_event_type: 1 },
    hostnames: [],
  },
  'otel-collector-contrib/network-firewall-log/valid_flow_log.json': {
    events: 1,
    rejected: { ignored_event_type: 1 },
    hostnames: [],
  },
  'otel-collector-contrib/network-firewall-log/http_log.json': {
    events: 1,
    rejected: {},
    hostnames: [EXAMPLE_HTTP],
  },
  'otel-collector-contrib/network-firewall-log/tls_log.json': {
    events: 1,
    rejected: {},
    hostnames: [EXAMPLE_TLS],
  },
  'otel-collector-contrib/network-firewall-log/valid_tls_log.json': {
    events: 1,
    rejected: {},
    hostnames: [EXAMPLE_TLS],
  },
  // The revocation check dropped the connection: blocked.
  'otel-collector-contrib/network-firewall-log/tls_with_revocation_log.json': {
    events: 1,
    rejected: {},
    hostnames: [['example.com', 'domain', 'tls', 'test-firewall', 'us-east-1a', 1, 0, 1]],
  },
  'otel-collector-contrib/network-firewall-log/missing_firewall_name.json': {
    events: 1,
    rejected: { missing_firewall_name: 1 },
    hostnames: [],
  },
  // JSON lines without a trailing newline: an ET alert and the AWS docs' test_tcp alert, neither names a host.
  'otel-collector-contrib/network-firewall-log/stream/alert_log_multi.json': {
    events: 2,
    rejected: { no_hostname: 2 },
    hostnames: [],
  },
  // Bare Suricata EVE (no wrapper), imported with a firewall and zone given on the command line.
  'dcso-fever/alertify_input.json': {
    defaults: LAB,
    events: 3,
    rejected: { ignored_event_type: 1 },
    hostnames: [
      ['evader.example.com', 'domain', 'http', 'lab-suricata', 'lab-1a', 1, 0, 0],
      ['example.com', 'domain', 'tls', 'lab-suricata', 'lab-1a', 1, 0, 0],
    ],
  },
  'dcso-fever/jsonparse_eve.json': {
    defaults: LAB,
    events: 3,
    rejected: { ignored_event_type: 2 },
    hostnames: [['foobar', 'domain', 'http', 'lab-suricata', 'lab-1a', 1, 0, 0]],
  },
  'dcso-fever/jsonparse_eve_broken1.json': {
    defaults: LAB,
    events: 3,
    rejected: { ignored_event_type: 1, not_json: 1 },
    hostnames: [['foobar', 'domain', 'http', 'lab-suricata', 'lab-1a', 1, 0, 0]],
  },
  'dcso-fever/jsonparse_eve_nulls.json': {
    defaults: LAB,
    events: 1,
    rejected: { ignored_event_type: 1 },
    hostnames: [],
  },
  // 266 lines of a Docker apt-get capture: 68 alerts (allowed) and 68 http events name the host;
  // fileinfo 68, dns 48, flow 13 and stats 1 do not count. All 136 are one keep-alive connection
  // (flow_id 1501577875823823, 68 HTTP transactions), so they are one connection: 1 hit, allowed
  // (before connections were counted once, each record was a hit: 136 hits, 68 of them allowed).
  'surevego/eve.json': {
    defaults: LAB,
    events: 266,
    rejected: { ignored_event_type: 130 },
    hostnames: [['deb.debian.org', 'domain', 'http', 'lab-suricata', 'lab-1a', 1, 1, 0]],
  },
};

function corpusFiles(directory = CORPUS_DIR): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return corpusFiles(path);
    return name.endsWith('.md') ? [] : [relative(CORPUS_DIR, path)];
  });
}

describe('the shared corpus', () => {
  it('has an expectation for every file in it', () => {
    expect(corpusFiles().sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))(
    '%s yields what it holds and counts what it refuses',
    async (file, expected) => {
      const result = await ingestFileInMemory(corpusPath(file), { now: NOW, defaults: expected.defaults });

      expect(result.failedBatches).toEqual([]);
      expect(result.events).toBe(expected.events);
      expect(result.controlMessages).toBe(expected.controlMessages ?? 0);
      expect(result.rejected.byReason).toEqual(expected.rejected);
      expect(result.rejected.total).toBe(Object.values(expected.rejected).reduce((a, b) => a + b, 0));
      expect(
        result.hostnames.map(
          (h): HostRow => [
            h.hostname,
            h.kind,
            h.usage.protocols.join(','),
            h.firewalls.join(','),
            h.availabilityZones.join(','),
            h.usage.hits,
            h.usage.allowed,
            h.usage.blocked,
          ],
        ),
      ).toEqual(expected.hostnames);
    },
  );

  it('refuses bare Suricata EVE lines, counted, when no firewall and zone are given', async () => {
    const result = await ingestFileInMemory(corpusPath('surevego/eve.json'), { now: NOW });

    expect(result.rejected.byReason).toEqual({ not_firewall_record: 266 });
    expect(result.hostnames).toEqual([]);
  });

  it('keeps the IPv6 source of an EVE record in canonical form', async () => {
    const result = await ingestFileInMemory(corpusPath('dcso-fever/alertify_input.json'), {
      now: NOW,
      defaults: LAB,
    });

    expect(result.hostnames.find((h) => h.hostname === 'example.com')?.usage.sources.sample).toEqual([
      '2a03:b0c0:2:d0::bd3:4001',
    ]);
  });
});
