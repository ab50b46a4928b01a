import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type Subscriptions = (framework: {
  resolveVariable: (expression: string) => Promise<unknown>;
}) => Promise<{ cloudwatchLog: { logGroup: string; filter: string } }[]>;

const require = createRequire(import.meta.url);
const logGroupSubscriptions = require('../../../infra/app/log-group-subscriptions.cjs') as Subscriptions;

/** The framework's resolver, answering from a fixed set of parameters. */
const resolverFor = (params: Record<string, unknown>) => ({
  resolveVariable: async (expression: string) => {
    const [name, fallback] = expression.replace(/^param:/, '').split(/,\s*/);
    return params[name as string] ?? (fallback === "''" ? '' : undefined);
  },
});

describe('the ingest subscriptions', () => {
  it('subscribes each comma-separated log group with the filter pattern', async () => {
    // Act
    const events = await logGroupSubscriptions(
      resolverFor({
        alertLogGroups: ' /fw/a/alert, /fw/b/alert ,',
        alertFilterPattern: '{ $.event.event_type = "alert" }',
      }),
    );

    // Assess
    expect(events).toEqual([
      { cloudwatchLog: { logGroup: '/fw/a/alert', filter: '{ $.event.event_type = "alert" }' } },
      { cloudwatchLog: { logGroup: '/fw/b/alert', filter: '{ $.event.event_type = "alert" }' } },
    ]);
  });

  it('takes a YAML list too, and forwards every event without a filter pattern', async () => {
    // Act
    const events = await logGroupSubscriptions(resolverFor({ alertLogGroups: ['/fw/a/alert'] }));

    // Assess
    expect(events).toEqual([{ cloudwatchLog: { logGroup: '/fw/a/alert', filter: '' } }]);
  });

  it('refuses a deployment that would subscribe nothing', async () => {
    await expect(logGroupSubscriptions(resolverFor({ alertLogGroups: ' , ' }))).rejects.toThrow(
      /alertLogGroups/,
    );
  });
});
