// Middy middleware of the HTTP API: errors to responses (logging 5xx), security headers on every response.
import type { MiddlewareObj, Request } from '@middy/core';
import { errorResponse, isServerError } from './error-response.ts';
import type { ApiGatewayEvent, HttpResponse } from './http-message.ts';
import { withSecurityHeaders } from './responses.ts';

/** The slice of a logger the API needs; Powertools' Logger is one. */
export interface ErrorLogger {
  error(message: string, details: Record<string, unknown>): void;
}

/** Logs as one JSON line on stderr, where no Powertools logger is given (local runs, tests). */
export const consoleErrorLogger: ErrorLogger = {
  error(message, details) {
    const { error, ...rest } = details;
    const described =
      error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
    console.error(JSON.stringify({ level: 'ERROR', message, ...rest, error: described }));
  },
};

export interface HttpErrorHandlerOptions {
  logger?: ErrorLogger | undefined;
}

/**
 * Answers any error with {@link errorResponse}; a 5xx is logged with its stack and cause, since the
 * response says nothing of them.
 */
export function httpErrorHandler(
  options: HttpErrorHandlerOptions = {},
): MiddlewareObj<ApiGatewayEvent, HttpResponse> {
  const logger = options.logger ?? consoleErrorLogger;
  return {
    onError: async function respondWithError(request) {
      const error = request.error;
      if (isServerError(error)) {
        logger.error('request failed', {
          error,
          method: request.event?.requestContext?.http?.method,
          path: request.event?.rawPath,
          requestId: request.event?.requestContext?.requestId,
        });
      }
      // Set, not returned: a returned value would stop the other onError hooks (security headers).
      request.response = errorResponse(error);
    },
  };
}

/** Adds the security headers to whatever the route or the error handler answered. */
export function securityHeaders(): MiddlewareObj<ApiGatewayEvent, HttpResponse> {
  const addSecurityHeaders = async (request: Request<ApiGatewayEvent, HttpResponse>) => {
    if (request.response) request.response = withSecurityHeaders(request.response);
  };
  return { after: addSecurityHeaders, onError: addSecurityHeaders };
}
