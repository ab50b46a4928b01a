import { describe, expect, it } from 'vitest';
import { MemoryNotifier } from '../../../shared/adapters/memory/memory-notifier.ts';
import { NotifierError } from '../../../shared/domain/errors.ts';

describe('MemoryNotifier', () => {
  it('keeps what was published, in order, with distinct message IDs', async () => {
    // Prepare
    const notifier = new MemoryNotifier();

    // Act
    const first = await notifier.publish({
      subject: 'Approve 2 candidates',
      message: 'api.example.com\n.github.com',
    });
    const second = await notifier.publish({ subject: 'Promoted 2 hostnames', message: 'done' });

    // Assess
    expect(first).not.toBe(second);
    expect(notifier.published).toEqual([
      { messageId: first, subject: 'Approve 2 candidates', message: 'api.example.com\n.github.com' },
      { messageId: second, subject: 'Promoted 2 hostnames', message: 'done' },
    ]);
  });

  it('refuses what SNS would refuse, as the SNS notifier does', async () => {
    const notifier = new MemoryNotifier();

    await expect(notifier.publish({ subject: 'x'.repeat(100), message: 'm' })).rejects.toThrow(
      /subject_too_long/,
    );
    expect(notifier.published).toEqual([]);
  });

  it('fails the next publish when told to, then publishes again', async () => {
    const notifier = new MemoryNotifier();
    notifier.failOnce();

    await expect(notifier.publish({ subject: 'a', message: 'b' })).rejects.toThrow(NotifierError);
    await notifier.publish({ subject: 'a', message: 'b' });

    expect(notifier.published).toHaveLength(1);
  });
});
