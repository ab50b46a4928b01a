import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  InvalidParameterException,
  NotFoundException,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSns, readOutbox, startLocalSns } from '../../shared/adapters/local/local-sns.ts';
import { createSnsClient } from '../../shared/adapters/sns/client.ts';
import { SnsNotifier } from '../../shared/adapters/sns/sns-notifier.ts';
import { NotifierError } from '../../shared/domain/errors.ts';
import { rawRequest } from '../support/raw-http.ts';

let dataDir: string;
let sns: LocalSns | undefined;
let client: SNSClient | undefined;

async function start(): Promise<{
  client: SNSClient;
  topicArn: string;
  notifier: SnsNotifier;
  sns: LocalSns;
}> {
  await stop();
  sns = await startLocalSns({ dataDir });
  client = createSnsClient({ endpoint: sns.endpoint });
  const { TopicArn: topicArn = '' } = await client.send(new CreateTopicCommand({ Name: 'egress-scout' }));
  return { client, topicArn, notifier: new SnsNotifier({ client, topicArn }), sns };
}

async function stop(): Promise<void> {
  client?.destroy();
  client = undefined;
  await sns?.stop();
  sns = undefined;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-sns-'));
});

afterEach(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local SNS endpoint with the real SDK client', () => {
  it('writes a published notification to the outbox with subject and message verbatim', async () => {
    // Prepare
    const { notifier, topicArn, sns } = await start();
    const subject = 'Approve 2 hostnames — bücher.de & <script> +1 %41';
    const message =
      'Candidates:\n  xn--bcher-kva.de (bücher.de)\n  <b>"quoted"</b> & \'single\' a+b=c%20?x=1;\n😀 ✓\r\nend';

    // Act
    const messageId = await notifier.publish({ subject, message });

    // Assess
    const outbox = readOutbox(dataDir);
    expect(outbox).toEqual([{ messageId, topicArn, subject, message, time: expect.any(String) }]);
    expect(outbox[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(readdirSync(sns.outboxDir)).toEqual([
      expect.stringMatching(new RegExp(`^\\d{8}T\\d{9}Z-\\d{6}-${messageId}\\.json$`)),
    ]);
  });

  it('refuses a web page posting a form (rebound Host, or an Origin) and writes nothing', async () => {
    // Prepare
    const { topicArn, sns } = await start();
    const form = new URLSearchParams({
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: topicArn,
      Subject: 'Approve evil.example',
      Message: 'https://attacker.example/approve',
    }).toString();
    const post = (headers: Record<string, string>) =>
      rawRequest({
        port: sns.port,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: form,
      });

    // Act
    const rebound = await post({ host: `localhost.attacker.example:${sns.port}` });
    const crossSite = await post({ host: `localhost:${sns.port}`, origin: 'null' });
    const outboxAfterRefusals = readOutbox(dataDir);
    const fromSdk = await post({ host: `127.0.0.1:${sns.port}` });

    // Assess
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('<Code>AuthorizationError</Code>');
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toContain('not web pages (Origin header)');
    expect(outboxAfterRefusals).toEqual([]);
    expect(fromSdk.status).toBe(200);
    expect(readOutbox(dataDir).map((entry) => entry.subject)).toEqual(['Approve evil.example']);
  });

  it('returns the outbox oldest first', async () => {
    const { notifier } = await start();

    for (let index = 1; index <= 12; index++) {
      await notifier.publish({ subject: `message ${index}`, message: `body ${index}` });
    }

    expect(readOutbox(dataDir).map((entry) => entry.subject)).toEqual(
      Array.from({ length: 12 }, (_, index) => `message ${index + 1}`),
    );
  });

  it.each([
    ['100 characters long', 's'.repeat(100)],
    ['a line break', 'two\nlines'],
    ['a control character', 'bell\u0007'],
  ])('refuses a subject that is %s as InvalidParameter and writes nothing', async (_, subject) => {
    const { client, topicArn } = await start();

    const publishing = client.send(
      new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: 'body' }),
    );

    await expect(publishing).rejects.toThrow(InvalidParameterException);
    await expect(publishing).rejects.toThrow(/Subject/);
    expect(readOutbox(dataDir)).toEqual([]);
  });

  it('refuses a message over 256 KB as InvalidParameter', async () => {
    const { client, topicArn } = await start();

    const publishing = client.send(
      new PublishCommand({ TopicArn: topicArn, Subject: 'big', Message: 'é'.repeat(131_073) }),
    );

    await expect(publishing).rejects.toThrow(InvalidParameterException);
    expect(readOutbox(dataDir)).toEqual([]);
  });

  it('accepts a message of exactly 256 KB', async () => {
    const { notifier } = await start();

    await notifier.publish({ subject: 'big', message: 'é'.repeat(131_072) });

    expect(readOutbox(dataDir)[0]?.message).toHaveLength(131_072);
  });

  it('reports a publish to an unknown topic as a NotifierError caused by NotFound', async () => {
    const { client, topicArn } = await start();
    const notifier = new SnsNotifier({ client, topicArn: `${topicArn}-missing` });

    const error = await notifier
      .publish({ subject: 'hello', message: 'world' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotifierError);
    expect((error as Error).cause).toBeInstanceOf(NotFoundException);
  });

  it('keeps topics across a restart, and CreateTopic returns the same ARN again', async () => {
    const first = await start();

    const second = await start();
    await second.notifier.publish({ subject: 'after restart', message: 'still here' });

    expect(second.topicArn).toBe(first.topicArn);
    expect(readOutbox(dataDir).map((entry) => entry.topicArn)).toEqual([first.topicArn]);
  });

  it('reads an empty outbox when nothing was published', () => {
    expect(readOutbox(dataDir)).toEqual([]);
  });
});
