// The HTTP API's route table: one line per route. Add a route here, and what it needs to ApiDeps.
import { getHostnameRoute, type InventoryRouteDeps, listHostnamesRoute } from './inventory-routes.ts';
import { createRouter, type Route } from './router.ts';

/** Everything the routes need, built once per process (a cold start, or the local server). */
export type ApiDeps = InventoryRouteDeps;

export const API_ROUTES: readonly Route<ApiDeps>[] = [
  { method: 'GET', path: '/hostnames', handle: listHostnamesRoute },
  { method: 'GET', path: '/hostnames/{hostname}', handle: getHostnameRoute },
];

export const apiRouter = createRouter(API_ROUTES);
