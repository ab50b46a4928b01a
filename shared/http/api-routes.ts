// The HTTP API's route table: one line per route. Add a route here, and what it needs to ApiDeps.
import { getHostnameRoute, type InventoryRouteDeps, listHostnamesRoute } from './inventory-routes.ts';
import {
  allowlistRoute,
  approvalPageRoute,
  decideByLinkRoute,
  decideCandidateRoute,
  type LifecycleRouteDeps,
  listCandidatesRoute,
  stylesheetRoute,
} from './lifecycle-routes.ts';
import { createRouter, type Route } from './router.ts';

/** Everything the routes need, built once per process (a cold start, or the local server). */
export type ApiDeps = InventoryRouteDeps & LifecycleRouteDeps;

export const INVENTORY_ROUTES: readonly Route<InventoryRouteDeps>[] = [
  { method: 'GET', path: '/hostnames', handle: listHostnamesRoute },
  { method: 'GET', path: '/hostnames/{hostname}', handle: getHostnameRoute },
];

export const LIFECYCLE_ROUTES: readonly Route<LifecycleRouteDeps>[] = [
  { method: 'GET', path: '/candidates', handle: listCandidatesRoute },
  { method: 'POST', path: '/candidates/{id}/approve', handle: decideCandidateRoute('approve') },
  { method: 'POST', path: '/candidates/{id}/reject', handle: decideCandidateRoute('reject') },
  { method: 'GET', path: '/allowlist', handle: allowlistRoute },
  // Public: the token in the link is the only authority, and a GET never decides.
  { method: 'GET', path: '/approvals/{token}', handle: approvalPageRoute },
  { method: 'POST', path: '/approvals/{token}', handle: decideByLinkRoute },
  { method: 'GET', path: '/assets/egress-scout.css', handle: stylesheetRoute },
];

export const API_ROUTES: readonly Route<ApiDeps>[] = [...INVENTORY_ROUTES, ...LIFECYCLE_ROUTES];

export const apiRouter = createRouter(API_ROUTES);
/** The inventory routes alone, for servers and tests that need no lifecycle. */
export const inventoryRouter = createRouter(INVENTORY_ROUTES);
