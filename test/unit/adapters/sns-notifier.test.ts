import { InvalidParameterException, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it, vi } from 'vitest';
import { SnsNotifier } from '../../../shared/adapters/sns/sns-notifier.ts';
import { NotifierError } from '../../../shared/domain/errors.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:egress-scout';

function stubClient(answer: unknown) {
  const send = vi.fn(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { client: { send } as unknown as SNSClient, send };
}

describe('SnsNotifier', () => {
  it('publishes subject and message to the topic and returns the message ID', async () => {
    // Prepare
    const { client, send } = stubClient({ MessageId: 'm-1' });
    const notifier = new SnsNotifier({ client, topicArn: TOPIC });

    // Act
    const messageId = await notifier.publish({ subject: 'Promoted 1 hostname', message: 'api.example.com' });

    // Assess
    expect(messageId).toBe('m-1');
    const [command] = send.mock.calls[0] as unknown as [PublishCommand];
    expect(command).toBeInstanceOf(PublishCommand);
    expect(command.input).toEqual({
      TopicArn: TOPIC,
      Subject: 'Promoted 1 hostname',
      Message: 'api.example.com',
    });
  });

  it.each([
    ['an empty subject', { subject: '', message: 'x' }, 'subject_empty'],
    ['a 100-character subject', { subject: 's'.repeat(100), message: 'x' }, 'subject_too_long'],
    ['a subject with a line break', { subject: 'two\nlines', message: 'x' }, 'subject_line_break'],
    [
      'a subject with a control character',
      { subject: 'bell\u0007', message: 'x' },
      'subject_control_character',
    ],
    ['a message over 256 KB', { subject: 'big', message: 'x'.repeat(262_145) }, 'message_too_large'],
  ])('refuses %s before calling SNS, naming the rule', async (_, notification, rule) => {
    const { client, send } = stubClient({ MessageId: 'never' });
    const notifier = new SnsNotifier({ client, topicArn: TOPIC });

    const publishing = notifier.publish(notification);

    await expect(publishing).rejects.toThrow(NotifierError);
    await expect(publishing).rejects.toThrow(rule);
    expect(send).not.toHaveBeenCalled();
  });

  it('wraps what SNS refuses in a NotifierError that keeps the cause', async () => {
    const refusal = new InvalidParameterException({ message: 'Invalid parameter: TopicArn', $metadata: {} });
    const { client } = stubClient(refusal);
    const notifier = new SnsNotifier({ client, topicArn: TOPIC });

    const error = await notifier.publish({ subject: 'ok', message: 'ok' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotifierError);
    expect((error as Error).cause).toBe(refusal);
    expect((error as Error).message).toContain('InvalidParameterException: Invalid parameter: TopicArn');
  });

  it('treats an answer without a message ID as a failure', async () => {
    const { client } = stubClient({});
    const notifier = new SnsNotifier({ client, topicArn: TOPIC });

    await expect(notifier.publish({ subject: 'ok', message: 'ok' })).rejects.toThrow(/no message ID/);
  });
});
