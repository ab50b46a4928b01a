import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../support/build-events.ts';
import { corpusPath, EVENTS_DIR } from '../support/fixtures.ts';
import { runCli } from '../support/run-cli.ts';

const samples = [
  'week-alerts.awslogs.json',
  'second-firewall.decoded.json',
  'control-message.awslogs.json',
].map((name) => join(EVENTS_DIR, 'ingest', name));

/** The allowlist's drop records in the samples ingested below (each follows its connection's observe alert). */
function sampleDropRecords(): number {
  const { week, secondFirewall, s3Lines } = sampleEvents();
  const messages = [...week.logEvents, ...secondFirewall.logEvents].map((e) => e.message);
  return [...messages, ...s3Lines.split('\n')].filter((m) => m.includes('"signature_id":4,')).length;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'egress-scout-cli-'));
}

interface InventoryJson {
  hostnames: {
    hostname: string;
    kind: string;
    hits: number;
    allowed: number;
    blocked: number;
    protocols: string[];
    firstSeen: string;
    lastSeen: string;
    sources: number;
    locations: {
      firewall: string;
      availabilityZone: string;
      hits: number;
      firstSeen: string;
      lastSeen: string;
    }[];
  }[];
}

describe('egress-scout ingest and inventory', () => {
  it('ingests subscription events, decoded payloads and a gzip S3 log, and counts a second import of them once', async () => {
    const work = tempDir();
    const dataDir = join(work, 'data');
    const s3Log = join(work, 'egress-firewall_alert_20261122T2355Z_abc.log.gz');
    writeFileSync(s3Log, gzipSync(readFileSync(join(EVENTS_DIR, 'ingest', 's3-alert-log.jsonl'))));

    const first = await runCli(['ingest', '--json', '--data-dir', dataDir, ...samples, s3Log]);
    const inventoryAfterFirst = await runCli(['inventory', '--json', '--data-dir', dataDir]);
    const second = await runCli(['ingest', '--json', '--data-dir', dataDir, s3Log, ...samples]);
    const third = await runCli(['ingest', '--data-dir', dataDir, s3Log]);
    const inventoryAfterSecond = await runCli(['inventory', '--json', '--data-dir', dataDir]);

    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toEqual({
      events: 1450,
      observations: expect.any(Number),
      hostnames: expect.any(Number),
      rejected: { total: expect.any(Number), byReason: expect.any(Object) },
    });
    // Each blocked connection of the samples is two records (observe alert + drop) and one hit.
    expect(summary.observations + summary.rejected.total).toBe(1450 - sampleDropRecords());
    expect(second.code).toBe(0);
    expect(third.stdout).toContain(
      '1 batch(es) had been counted before; the inventory did not change for them.',
    );
    expect(inventoryAfterSecond.stdout).toBe(inventoryAfterFirst.stdout);

    const inventory = JSON.parse(inventoryAfterFirst.stdout) as InventoryJson;
    expect(inventory.hostnames).toHaveLength(summary.hostnames);
    expect(inventory.hostnames.reduce((sum, h) => sum + h.hits, 0)).toBe(summary.observations);
    const ecr = inventory.hostnames.find((h) => h.hostname === 'api.ecr.us-east-1.amazonaws.com');
    expect(ecr).toMatchObject({ kind: 'domain', protocols: expect.arrayContaining(['tls']) });
    expect(ecr?.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ecr?.locations.map((l) => l.firewall)).toContain('egress-firewall-eu');
    expect(ecr?.hits).toBe(ecr?.locations.reduce((sum, l) => sum + l.hits, 0));
  });

  it('imports bare Suricata EVE lines when given a firewall and zone, and prints a readable summary', async () => {
    const dataDir = join(tempDir(), 'data');

    const run = await runCli([
      'ingest',
      '--data-dir',
      dataDir,
      '--firewall',
      'lab',
      '--az',
      'lab-1a',
      corpusPath('surevego/eve.json'),
    ]);
    const inventory = await runCli(['inventory', '--data-dir', dataDir]);

    expect(run.code).toBe(0);
    // The 136 records naming the host are one keep-alive connection (one flow_id): one hit, allowed.
    expect(run.stdout).toContain('266 events -> 1 observations of 1 hostnames');
    expect(run.stdout).toMatch(/ignored_event_type\s+130/);
    expect(run.stdout).not.toContain('counted before');
    expect(inventory.stdout).toMatch(/deb\.debian\.org\s+domain\s+1\s+1\s+0/);
  });

  it('reports a file it cannot read, goes on with the others, and exits 1', async () => {
    const work = tempDir();
    const broken = join(work, 'broken.json');
    writeFileSync(broken, '{"awslogs":{"data":"not base64 at all!"}}');

    const run = await runCli([
      'ingest',
      '--json',
      '--data-dir',
      join(work, 'data'),
      broken,
      join(work, 'missing.json'),
      samples[0] as string,
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('broken.json: not_base64');
    expect(run.stderr).toMatch(/missing\.json: .*ENOENT/);
    expect(JSON.parse(run.stdout)).toMatchObject({ events: 1000 });
  });

  it('explains a wrong command line and exits 2', async () => {
    const unknown = await runCli(['ingest', '--bogus', 'x']);
    const noFiles = await runCli(['ingest']);
    const unknownCommand = await runCli(['frobnicate']);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain('ingest needs at least one FILE');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'frobnicate'");
  });
});
