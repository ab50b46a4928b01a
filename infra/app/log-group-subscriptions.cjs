// The ingest function's events: one cloudwatchLog subscription per log group named in the alertLogGroups parameter.
//
// A parameter given with --param is a string, so the list is comma-separated ("/a/alert,/b/alert");
// a YAML list under params.<stage> works too. The framework resolves this file while it reads
// serverless.yml (`${file(infra/app/log-group-subscriptions.cjs)}`), with its own variable resolver.
'use strict';

/**
 * @param {{ resolveVariable: (expression: string) => Promise<unknown> }} framework
 * @returns {Promise<{ cloudwatchLog: { logGroup: string, filter: string } }[]>}
 */
module.exports = async function logGroupSubscriptions({ resolveVariable }) {
  const groups = await resolveVariable('param:alertLogGroups');
  const filter = await resolveVariable("param:alertFilterPattern, ''");
  const names = (Array.isArray(groups) ? groups : String(groups ?? '').split(','))
    .map((name) => String(name).trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error(
      'the alertLogGroups parameter names no log group: pass --param="alertLogGroups=<name>[,<name>…]"',
    );
  }
  return names.map((logGroup) => ({ cloudwatchLog: { logGroup, filter: String(filter ?? '') } }));
};
