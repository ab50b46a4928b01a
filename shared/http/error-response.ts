// The one place errors become HTTP responses: the status and code, a message only below 500, never a stack.
import { BadRequestError, HttpError, LifecycleError, MethodNotAllowedError } from '../domain/errors.ts';
import type { HttpResponse } from './http-message.ts';
import { jsonResponse } from './responses.ts';

/** What a 5xx says instead of its error: nothing about the code, the store or the stack. */
const SERVER_MESSAGES: Record<number, string> = {
  500: 'The server could not answer this request',
  503: 'The service is unavailable; try again shortly',
  504: 'The request took too long to answer',
};

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; parameter?: string };
}

/**
 * The response for an error thrown anywhere while answering. An HttpError answers with its status, and
 * below 500 with its message (written for the client: it names the parameter at fault); anything else
 * is a 500 that says nothing of what failed. Log 5xx errors where this is called.
 *
 * @example
 * errorResponse(new NotFoundError('api.example.com is not in the inventory'));
 * // 404 {"error":{"code":"not_found","message":"api.example.com is not in the inventory"}}
 */
export function errorResponse(error: unknown): HttpResponse {
  const { status, code } = statusOf(error);
  const body: ErrorBody = {
    error: {
      code,
      message:
        status < 500 && (error instanceof HttpError || error instanceof LifecycleError)
          ? error.message
          : (SERVER_MESSAGES[status] ?? (SERVER_MESSAGES[500] as string)),
    },
  };
  if (error instanceof BadRequestError && error.parameter !== undefined)
    body.error.parameter = error.parameter;
  const headers: Record<string, string> = {};
  if (error instanceof MethodNotAllowedError) headers.allow = error.allow.join(', ');
  return jsonResponse(status, body, headers);
}

/** Whether answering with this error is the server's fault (and so worth an error log). */
export function isServerError(error: unknown): boolean {
  return statusOf(error).status >= 500;
}

function statusOf(error: unknown): { status: number; code: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code };
  // A lifecycle step the state machine forbids (approving a promoted entry): the client's conflict.
  if (error instanceof LifecycleError) return { status: 409, code: 'conflict' };
  // Middy's own deadline, just before Lambda's: answer while there is still time to.
  if (error instanceof Error && error.name === 'TimeoutError') return { status: 504, code: 'timeout' };
  return { status: 500, code: 'internal_error' };
}
