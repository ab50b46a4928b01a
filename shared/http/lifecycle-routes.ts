// Routes of the allowlist lifecycle: approval links (public, token-protected pages), candidates, the allowlist.
import {
  DECISIONS,
  type Decision,
  decideByLink,
  decideEntry,
  viewApproval,
} from '../app/lifecycle/decide.ts';
import type { LifecycleDeps } from '../app/lifecycle/lifecycle-deps.ts';
import { reportDrift } from '../app/lifecycle/promote-approved.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../domain/errors.ts';
import type { Entry } from '../domain/lifecycle.ts';
import { checkDomainListFit } from '../domain/rule-group-capacity.ts';
import { toIso } from '../domain/time.ts';
import { approvalPage, decisionPage, REFUSAL_STATUS, refusalPage } from '../web/approval-pages.ts';
import { PAGE_STYLESHEET } from '../web/assets.ts';
import type { HttpResponse } from './http-message.ts';
import { rejectUnknownParams } from './query-params.ts';
import { htmlResponse, jsonResponse } from './responses.ts';
import type { RouteRequest } from './router.ts';

export interface LifecycleRouteDeps {
  lifecycle: LifecycleDeps;
}

/**
 * GET /approvals/{token}: the entry, its evidence and the decision buttons. Changes nothing, however
 * often it is opened — mail scanners open every link.
 */
export async function approvalPageRoute(
  request: RouteRequest,
  deps: LifecycleRouteDeps,
): Promise<HttpResponse> {
  const token = request.params.token ?? '';
  const view = await viewApproval(deps.lifecycle, token);
  if (!view.ok) return htmlResponse(REFUSAL_STATUS[view.reason], refusalPage(view.reason, view.entry));
  return htmlResponse(200, approvalPage(view, `./${encodeURIComponent(token)}`));
}

/**
 * POST /approvals/{token} (`decision=approve|reject|snooze`, form-encoded): records the decision once.
 * The token is the authority; a cross-site form post is refused by its Origin as well.
 */
export async function decideByLinkRoute(
  request: RouteRequest,
  deps: LifecycleRouteDeps,
): Promise<HttpResponse> {
  if (!sameOrigin(request)) {
    throw new ConflictError('a decision must be posted from the approval page itself');
  }
  const decision = new URLSearchParams(request.body).get('decision') ?? '';
  if (!DECISIONS.includes(decision as Decision)) {
    throw new BadRequestError(`decision must be one of ${DECISIONS.join(', ')}`, { parameter: 'decision' });
  }
  const outcome = await decideByLink(deps.lifecycle, {
    token: request.params.token ?? '',
    decision: decision as Decision,
    by: `approval link${request.sourceIp ? ` (from ${request.sourceIp})` : ''}`,
  });
  return htmlResponse(outcome.ok ? 200 : REFUSAL_STATUS[outcome.reason], decisionPage(outcome));
}

/** GET /candidates: pending and approved entries with their evidence and, for wildcards, what they cover. */
export async function listCandidatesRoute(
  request: RouteRequest,
  deps: LifecycleRouteDeps,
): Promise<HttpResponse> {
  rejectUnknownParams(request.query, []);
  const entries = await deps.lifecycle.entries.listEntries(['pending', 'approved']);
  return jsonResponse(200, { items: entries.map(entryJson) });
}

/** POST /candidates/{id}/approve and /reject: the authenticated twin of the email link (IAM on AWS). */
export function decideCandidateRoute(decision: Extract<Decision, 'approve' | 'reject'>) {
  return async function decideCandidate(
    request: RouteRequest,
    deps: LifecycleRouteDeps,
  ): Promise<HttpResponse> {
    const target = request.params.id ?? '';
    const outcome = await decideEntry(deps.lifecycle, {
      target,
      decision,
      by: request.caller ?? 'local user',
    });
    if (!outcome.ok) {
      if (outcome.reason === 'unknown_entry') throw new NotFoundError(`${target} is not an entry`);
      throw new ConflictError(
        `${target} is ${outcome.entry?.status ?? 'already decided'}: nothing to ${decision}`,
      );
    }
    return jsonResponse(200, { entry: entryJson(outcome.entry), alsoApproved: outcome.alsoApproved });
  };
}

/** GET /allowlist: the rule group's targets, which egress-scout manages, drift and capacity. */
export async function allowlistRoute(request: RouteRequest, deps: LifecycleRouteDeps): Promise<HttpResponse> {
  rejectUnknownParams(request.query, []);
  const { lifecycle } = deps;
  const snapshot = await lifecycle.ruleGroup.describe();
  const [managed, entries, drift] = await Promise.all([
    lifecycle.entries.listManagedTargets(),
    lifecycle.entries.getEntries(snapshot.targets),
    reportDrift(lifecycle, snapshot, true),
  ]);
  const fit = checkDomainListFit(snapshot.capacity, {
    targetCount: snapshot.targets.length,
    targetTypeCount: snapshot.targetTypes.length,
    generatedRulesType: snapshot.generatedRulesType,
  });
  return jsonResponse(200, {
    ruleGroup: {
      name: snapshot.ruleGroupName,
      arn: snapshot.ruleGroupArn,
      targetTypes: snapshot.targetTypes,
      generatedRulesType: snapshot.generatedRulesType,
    },
    targets: snapshot.targets.map((target) => ({
      target,
      managed: managed.has(target),
      status: entries.get(target)?.status ?? null,
    })),
    drift,
    capacity: { used: fit.required, total: snapshot.capacity, percentUsed: fit.percentUsed },
  });
}

/** GET /assets/egress-scout.css: the approval pages' stylesheet (the pages' CSP allows only 'self'). */
export function stylesheetRoute(): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' },
    body: PAGE_STYLESHEET,
  };
}

/** An entry as the API shows it: never its approval nonce (that would be half of a working link). */
export function entryJson(entry: Entry) {
  return {
    target: entry.target,
    kind: entry.kind,
    status: entry.status,
    covers: entry.covers,
    evidence: {
      ...entry.evidence,
      firstSeen: toIso(entry.evidence.firstSeen),
      lastSeen: toIso(entry.evidence.lastSeen),
    },
    coveredBy: entry.coveredBy ?? null,
    approvalExpiresAt: entry.approval ? toIso(entry.approval.expiresAt) : null,
    decidedBy: entry.decidedBy ?? null,
    decidedAt: entry.decidedAt !== undefined ? toIso(entry.decidedAt) : null,
    createdAt: toIso(entry.createdAt),
    updatedAt: toIso(entry.updatedAt),
  };
}

/** True unless the browser says the form came from another origin. */
function sameOrigin(request: RouteRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  const host = request.headers['x-forwarded-host'] ?? request.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
