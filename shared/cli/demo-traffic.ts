// Deterministic, realistic Network Firewall alert traffic for samples, tests and benchmarks.
import { gzipSync } from 'node:zlib';

/** mulberry32: a tiny seeded PRNG, so every run generates the same traffic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hostnames a fleet of EKS workloads really reaches, most popular first. */
const WELL_KNOWN = [
  'sts.us-east-1.amazonaws.com',
  'api.ecr.us-east-1.amazonaws.com',
  'prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com',
  'registry-1.docker.io',
  'auth.docker.io',
  'production.cloudflare.docker.com',
  'github.com',
  'api.github.com',
  'objects.githubusercontent.com',
  'registry.npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
  'logs.us-east-1.amazonaws.com',
  'monitoring.us-east-1.amazonaws.com',
  'secretsmanager.us-east-1.amazonaws.com',
  'dynamodb.us-east-1.amazonaws.com',
  'sqs.us-east-1.amazonaws.com',
  'api.datadoghq.com',
  'http-intake.logs.datadoghq.com',
  'o123456.ingest.sentry.io',
  'hooks.slack.com',
  'api.stripe.com',
  'deb.debian.org',
  'security.debian.org',
  'dl-cdn.alpinelinux.org',
  'quay.io',
  'cdn01.quay.io',
  'gcr.io',
  'storage.googleapis.com',
  'login.microsoftonline.com',
];

export interface TrafficOptions {
  events: number;
  seed?: number;
  /** Distinct hostnames in the pool (popularity follows Zipf's law). */
  hostnames?: number;
  /** Epoch ms of the first event; events spread evenly over `spanMs`. */
  startTime: number;
  spanMs?: number;
  firewalls?: string[];
  zones?: string[];
  /** Share of records that are broken or carry no hostname (default 1 %). */
  malformedRate?: number;
}

/** The hostname pool: the well-known list, then generated partner and internal names. */
export function hostnamePool(size: number): string[] {
  const pool = WELL_KNOWN.slice(0, size);
  for (let i = pool.length; i < size; i++) {
    const family = i % 3;
    if (family === 0) pool.push(`api-${i}.partner-${i % 17}.example.com`);
    else if (family === 1) pool.push(`svc${i}.eu-west-1.elb.amazonaws.com`);
    else pool.push(`cdn-${i}.assets.example.net`);
  }
  return pool;
}

/** A Zipf(s = 1.1) sampler over `n` ranks. */
export function zipfSampler(n: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 1; rank <= n; rank++) {
    sum += 1 / rank ** 1.1;
    cumulative.push(sum);
  }
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/**
 * Network Firewall alert records as CloudWatch Logs messages (`events` of them), as a firewall with
 * the observe rule group (infra/firewall/observe-rule-group.yml) in front of the allowlist writes them:
 * every connection's observe alert (action `allowed`), followed for a blocked connection (about 12 %)
 * by the allowlist's drop (`blocked`) with the same flow_id and time. About 85 % TLS and 15 % HTTP,
 * spread over the given firewalls and zones, with `malformedRate` broken or hostname-less records
 * (truncated JSON, netflow, missing firewall name, hostile names).
 */
export function generateFirewallMessages(options: TrafficOptions): { message: string; timestamp: number }[] {
  const random = seededRandom(options.seed ?? 1);
  const pool = hostnamePool(options.hostnames ?? 400);
  const pick = zipfSampler(pool.length, random);
  const firewalls = options.firewalls ?? ['egress-firewall'];
  const zones = options.zones ?? ['us-east-1a', 'us-east-1b'];
  const span = options.spanMs ?? 3_600_000;
  const malformedRate = options.malformedRate ?? 0.01;
  const out: { message: string; timestamp: number }[] = [];
  for (let i = 0; out.length < options.events; i++) {
    const time = options.startTime + Math.floor((out.length * span) / Math.max(1, options.events));
    const firewall = firewalls[Math.floor(random() * firewalls.length)] as string;
    const zone = zones[Math.floor(random() * zones.length)] as string;
    if (random() < malformedRate) {
      out.push({ message: malformedMessage(i, random, firewall, zone, time), timestamp: time });
      continue;
    }
    const hostname = pool[pick()] as string;
    const tls = random() < 0.85;
    const blocked = random() < 0.12;
    const source = `10.${zone.endsWith('a') ? 0 : 1}.${Math.floor(random() * 8)}.${10 + Math.floor(random() * 40)}`;
    const connection: Connection = {
      firewall,
      zone,
      time,
      flowId: 1_000_000_000_000 + i,
      source,
      sourcePort: 30000 + Math.floor(random() * 30000),
      destination: `52.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
      hostname,
      tls,
    };
    out.push({ message: alertRecord(connection, OBSERVE_RULE), timestamp: time });
    if (blocked && out.length < options.events) {
      out.push({ message: alertRecord(connection, DROP_RULE), timestamp: time });
    }
  }
  return out;
}

interface Connection {
  firewall: string;
  zone: string;
  time: number;
  flowId: number;
  source: string;
  sourcePort: number;
  destination: string;
  hostname: string;
  tls: boolean;
}

/** The rule that wrote an alert: the observe group's (sids 2941001-2 in infra/) or the allowlist's drop. */
interface Rule {
  action: 'allowed' | 'blocked';
  signatureId: (tls: boolean) => number;
  signature: (tls: boolean) => string;
  severity: number;
}

const OBSERVE_RULE: Rule = {
  action: 'allowed',
  signatureId: (tls) => (tls ? 2941001 : 2941002),
  signature: (tls) => `egress-scout observe ${tls ? 'tls.sni' : 'http.host'}`,
  severity: 3,
};
const DROP_RULE: Rule = {
  action: 'blocked',
  signatureId: () => 4,
  signature: (tls) => `not matching any ${tls ? 'TLS' : 'HTTP'} allowlisted FQDNs`,
  severity: 1,
};

function alertRecord(connection: Connection, rule: Rule): string {
  const { tls, hostname, time } = connection;
  const event: Record<string, unknown> = {
    timestamp: isoMicros(time),
    flow_id: connection.flowId,
    event_type: 'alert',
    src_ip: connection.source,
    src_port: connection.sourcePort,
    dest_ip: connection.destination,
    dest_port: tls ? 443 : 80,
    proto: 'TCP',
    alert: {
      action: rule.action,
      signature_id: rule.signatureId(tls),
      rev: 1,
      signature: rule.signature(tls),
      category: '',
      severity: rule.severity,
    },
    app_proto: tls ? 'tls' : 'http',
  };
  if (tls) event.tls = { sni: hostname, version: 'TLS 1.3', ja3: {}, ja3s: {} };
  else
    event.http = {
      hostname,
      url: '/v2/',
      http_user_agent: 'Go-http-client/1.1',
      http_method: 'GET',
      protocol: 'HTTP/1.1',
      length: 0,
    };
  return JSON.stringify({
    firewall_name: connection.firewall,
    availability_zone: connection.zone,
    event_timestamp: String(Math.floor(time / 1000)),
    event,
  });
}

function malformedMessage(
  i: number,
  random: () => number,
  firewall: string,
  zone: string,
  time: number,
): string {
  const wrapper = {
    firewall_name: firewall,
    availability_zone: zone,
    event_timestamp: String(Math.floor(time / 1000)),
  };
  switch (Math.floor(random() * 5)) {
    case 0:
      return JSON.stringify({
        ...wrapper,
        event: { event_type: 'alert', tls: { sni: 'truncated.example.com' } },
      }).slice(0, 60);
    case 1:
      return JSON.stringify({
        ...wrapper,
        event: {
          event_type: 'netflow',
          src_ip: '10.0.0.1',
          dest_ip: '52.0.0.1',
          netflow: { pkts: 3, bytes: 180 },
        },
      });
    case 2:
      return JSON.stringify({
        availability_zone: zone,
        event: { event_type: 'alert', tls: { sni: 'no-firewall.example.com' } },
      });
    case 3:
      return JSON.stringify({
        ...wrapper,
        event: {
          event_type: 'alert',
          alert: { action: 'blocked' },
          tls: { sni: `<script>alert(${i})</script>` },
        },
      });
    default:
      return JSON.stringify({
        ...wrapper,
        event: {
          event_type: 'alert',
          alert: { action: 'allowed' },
          tls: { sni: `${'a'.repeat(64)}.example.com` },
        },
      });
  }
}

function isoMicros(time: number): string {
  return new Date(time).toISOString().replace('Z', '000+0000');
}

export interface SubscriptionOptions {
  logGroup?: string;
  logStream?: string;
  owner?: string;
  /** Distinguishes the event IDs of different batches. */
  batchNumber?: number;
}

/** A decoded CloudWatch Logs DATA_MESSAGE carrying the messages. */
export function dataMessage(
  events: { message: string; timestamp: number }[],
  options: SubscriptionOptions = {},
) {
  const batch = options.batchNumber ?? 0;
  return {
    messageType: 'DATA_MESSAGE',
    owner: options.owner ?? '123456789012',
    logGroup: options.logGroup ?? '/aws/network-firewall/egress-firewall/alert',
    logStream: options.logStream ?? 'egress-firewall_alert_us-east-1a_2026-11-22-10',
    subscriptionFilters: ['egress-scout-ingest'],
    logEvents: events.map((event, index) => ({
      id: eventId(batch, index),
      timestamp: event.timestamp,
      message: event.message,
    })),
  };
}

/** The Lambda event CloudWatch Logs sends: `{"awslogs":{"data": base64(gzip(json))}}`. */
export function awslogsEvent(payload: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/** 56 digits, like CloudWatch Logs' own IDs. */
function eventId(batch: number, index: number): string {
  return `3${String(batch).padStart(20, '0')}${String(index).padStart(35, '0')}`;
}

/** A batch of demo traffic, as ingestBatch takes it. */
export interface DemoBatch {
  batchId: string;
  events: { message: string; timestamp: number }[];
}

const DAY_MS = 86_400_000;
const DEMO_BATCH_SIZE = 500;

/**
 * A week of traffic ending at `now` from two firewalls (about 3,000 records over 120 hostnames), so that
 * a first `serve` has recent evidence for the recommender whatever the date. Batch ids carry `now`: the
 * same week generated again is counted again, so generate it only into an empty inventory.
 *
 * @example
 * for (const batch of demoWeek(Date.now())) await ingestBatch(deps, batch);
 */
export function demoWeek(now: number): DemoBatch[] {
  const start = now - 7 * DAY_MS;
  const messages = [
    ...generateFirewallMessages({
      events: 2400,
      seed: 2026,
      hostnames: 120,
      startTime: start,
      spanMs: 7 * DAY_MS,
      firewalls: ['egress-firewall'],
      zones: ['us-east-1a', 'us-east-1b'],
    }),
    ...generateFirewallMessages({
      events: 600,
      seed: 2027,
      hostnames: 50,
      startTime: start + 3 * DAY_MS,
      spanMs: 4 * DAY_MS,
      firewalls: ['egress-firewall-eu'],
      zones: ['eu-west-1a', 'eu-west-1b'],
    }),
  ];
  const batches: DemoBatch[] = [];
  for (let offset = 0; offset < messages.length; offset += DEMO_BATCH_SIZE) {
    batches.push({
      batchId: `demo-${now}-${offset / DEMO_BATCH_SIZE}`,
      events: messages.slice(offset, offset + DEMO_BATCH_SIZE),
    });
  }
  return batches;
}
