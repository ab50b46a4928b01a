// Writes the sample events in events/ from the deterministic traffic generator (npm run events:build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awslogsEvent, dataMessage, generateFirewallMessages } from '../../shared/cli/demo-traffic.ts';

const WEEK_START = Date.UTC(2026, 10, 16); // 2026-11-16T00:00:00Z
const AWS_DOCS_BLOCKED =
  '{"firewall_name":"network-firewall","availability_zone":"ap-northeast-1c","event_timestamp":"1631177288","event":{"timestamp":"2021-09-09T08:48:08.126655+0000","flow_id":1019585680161813,"event_type":"alert","src_ip":"10.0.2.182","src_port":59601,"dest_ip":"172.217.26.4","dest_port":443,"proto":"TCP","alert":{"action":"blocked","signature_id":4,"rev":1,"signature":"not matching any TLS allowlisted FQDNs","category":"","severity":1},"tls":{"sni":"www.google.com","version":"UNDETERMINED","ja3":{},"ja3s":{}},"app_proto":"tls"}}';

export function sampleEvents() {
  const week = dataMessage(
    generateFirewallMessages({
      events: 1000,
      seed: 7,
      hostnames: 60,
      startTime: WEEK_START,
      spanMs: 7 * 86_400_000,
    }),
    { batchNumber: 1 },
  );
  const secondFirewall = dataMessage(
    generateFirewallMessages({
      events: 250,
      seed: 11,
      hostnames: 40,
      startTime: WEEK_START + 3 * 86_400_000,
      spanMs: 4 * 86_400_000,
      firewalls: ['egress-firewall-eu'],
      zones: ['eu-west-1a', 'eu-west-1b'],
    }),
    {
      batchNumber: 2,
      logGroup: '/aws/network-firewall/egress-firewall-eu/alert',
      logStream: 'egress-firewall-eu_alert_eu-west-1a_2026-11-19-00',
    },
  );
  const docsExample = dataMessage([{ message: AWS_DOCS_BLOCKED, timestamp: 1631177288500 }], {
    batchNumber: 3,
    logGroup: '/aws/network-firewall/network-firewall/alert',
    logStream: 'network-firewall_alert_ap-northeast-1c_2021-09-09-08',
  });
  const control = {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: WEEK_START,
        message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.',
      },
    ],
  };
  const s3Lines = generateFirewallMessages({
    events: 200,
    seed: 13,
    hostnames: 30,
    startTime: WEEK_START + 6 * 86_400_000,
    spanMs: 86_400_000,
  })
    .map((event) => event.message)
    .join('\n');
  return { week, secondFirewall, docsExample, control, s3Lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const directory = join(import.meta.dirname, '..', '..', 'events', 'ingest');
  mkdirSync(directory, { recursive: true });
  const { week, secondFirewall, docsExample, control, s3Lines } = sampleEvents();
  const write = (name: string, value: unknown) =>
    writeFileSync(join(directory, name), `${JSON.stringify(value, null, 2)}\n`);
  write('week-alerts.decoded.json', week);
  write('week-alerts.awslogs.json', awslogsEvent(week));
  write('second-firewall.decoded.json', secondFirewall);
  write('second-firewall.awslogs.json', awslogsEvent(secondFirewall));
  write('aws-docs-blocked.awslogs.json', awslogsEvent(docsExample));
  write('control-message.awslogs.json', awslogsEvent(control));
  writeFileSync(join(directory, 's3-alert-log.jsonl'), `${s3Lines}\n`);
}
