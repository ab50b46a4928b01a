// The HTTP API as one Lambda handler: API Gateway v2 event -> router -> response, errors and headers by middleware.

import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ApiGatewayEvent, type HttpResponse, requestFromEvent } from './http-message.ts';
import { type ErrorLogger, httpErrorHandler, securityHeaders } from './middleware.ts';
import type { Router } from './router.ts';

/** The handler the Lambda exports and the local server calls. */
export type ApiHandler = MiddyfiedHandler<ApiGatewayEvent, HttpResponse, Error, Context>;

/**
 * The API's handler: routes each event with `deps`, turns any error into its response (logging 5xx
 * through `logger`), and adds the security headers to every response.
 *
 * @example
 * export const handler = createApiHandler(apiRouter, deps, { logger }).use(injectLambdaContext(logger));
 */
export function createApiHandler<D>(
  router: Router<D>,
  deps: D,
  options: { logger?: ErrorLogger | undefined } = {},
): ApiHandler {
  return middy(async function routeEvent(event: ApiGatewayEvent): Promise<HttpResponse> {
    return router(requestFromEvent(event), deps);
  })
    .use(securityHeaders())
    .use(httpErrorHandler({ logger: options.logger }));
}
