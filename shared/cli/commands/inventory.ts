// `egress-scout inventory`: prints every hostname in the local inventory, as a table or as JSON.
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, openLocalStack } from '../../adapters/local/local-stack.ts';
import type { HostnameDetail } from '../../domain/inventory.ts';
import { toIso } from '../../domain/time.ts';
import { sourceCount } from '../../domain/usage.ts';
import { type CliIo, formatTable, terminalSafe } from '../cli-io.ts';

export const INVENTORY_USAGE = `Usage: egress-scout inventory [--data-dir DIR] [--json]

Prints every hostname in the inventory kept in DIR (default ${DEFAULT_DATA_DIR}/) with its totals and
its firewall × availability-zone rows. Times are ISO-8601 UTC.`;

export async function runInventory(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      json: { type: 'boolean', default: false },
    },
  });
  const stack = await openLocalStack(values['data-dir']);
  const hostnames: HostnameDetail[] = [];
  try {
    for await (const detail of stack.inventory.exportHostnames()) hostnames.push(detail);
  } finally {
    await stack.close();
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ hostnames: hostnames.map(inventoryJson) })}\n`);
  } else if (hostnames.length === 0) {
    io.stdout.write('The inventory is empty: ingest some logs first (egress-scout ingest FILE...).\n');
  } else {
    io.stdout.write(`${inventoryTable(hostnames)}\n`);
  }
  return 0;
}

/** The documented `inventory --json` shape of one hostname. */
export function inventoryJson(detail: HostnameDetail) {
  return {
    hostname: detail.hostname,
    kind: detail.kind,
    hits: detail.usage.hits,
    allowed: detail.usage.allowed,
    blocked: detail.usage.blocked,
    protocols: detail.usage.protocols,
    firstSeen: toIso(detail.usage.firstSeen),
    lastSeen: toIso(detail.usage.lastSeen),
    sources: sourceCount(detail.usage),
    locations: detail.locations.map((location) => ({
      firewall: location.firewall,
      availabilityZone: location.availabilityZone,
      hits: location.usage.hits,
      allowed: location.usage.allowed,
      blocked: location.usage.blocked,
      firstSeen: toIso(location.usage.firstSeen),
      lastSeen: toIso(location.usage.lastSeen),
    })),
  };
}

function inventoryTable(hostnames: HostnameDetail[]): string {
  const rows = hostnames.map((detail) => [
    terminalSafe(detail.hostname),
    detail.kind,
    detail.usage.hits,
    detail.usage.allowed,
    detail.usage.blocked,
    sourceCount(detail.usage),
    detail.usage.protocols.join(','),
    toIso(detail.usage.lastSeen),
    detail.locations.map((l) => terminalSafe(`${l.firewall}/${l.availabilityZone}`)).join(' '),
  ]);
  return formatTable(
    ['HOSTNAME', 'KIND', 'HITS', 'ALLOWED', 'BLOCKED', 'SOURCES', 'PROTOCOLS', 'LAST SEEN', 'FIREWALL/ZONE'],
    rows,
  );
}
