// The error classes of egress-scout: one base, one per area, each keeping its cause.

/** Base of every error egress-scout raises on purpose. */
export class EgressScoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why a whole subscription batch could not be read; the closed set a metric and a log can carry. */
export type BatchRejection =
  | 'not_base64'
  | 'not_compressed'
  | 'corrupt_compressed_data'
  | 'decompressed_too_large'
  | 'not_json'
  | 'invalid_payload_shape';

/** A CloudWatch Logs subscription batch that cannot be decoded at all (its records are unreachable). */
export class BatchDecodeError extends EgressScoutError {
  readonly reason: BatchRejection;
  constructor(reason: BatchRejection, message: string, options?: { cause?: unknown }) {
    super(`${reason}: ${message}`, options);
    this.reason = reason;
  }
}

/** A request, option or setting that breaks a rule; the message names what is wrong. */
export class ValidationError extends EgressScoutError {}

/** The inventory store could not complete an operation (throttling, conflicts that did not settle, I/O). */
export class InventoryStoreError extends EgressScoutError {}

/** Base of the errors about the managed Network Firewall rule group. */
export class RuleGroupError extends EgressScoutError {}

/** Someone changed the rule group since it was described (InvalidTokenException): describe again and redo. */
export class RuleGroupConflictError extends RuleGroupError {}

/** The rule group does not exist (ResourceNotFoundException). */
export class RuleGroupNotFoundError extends RuleGroupError {}

/** The service refused the change (InvalidRequestException: over capacity, invalid target…). */
export class RuleGroupRejectedError extends RuleGroupError {}

/** A notification could not be published. */
export class NotifierError extends EgressScoutError {}

/** A lifecycle step the state machine does not allow (e.g. promoting an entry nobody approved). */
export class LifecycleError extends EgressScoutError {}

/**
 * Base of the errors an HTTP API answers with a status of their own. Only `shared/http`'s error mapper
 * turns errors into responses: it shows the message of an HttpError below 500 and hides everything else.
 */
export class HttpError extends EgressScoutError {
  readonly status: number;
  /** Machine-readable, stable: `bad_request`, `not_found`… */
  readonly code: string;
  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

/**
 * A request the API refuses as written (400); the message and `parameter` name what is wrong.
 *
 * @example
 * throw new BadRequestError('limit must be an integer from 1 to 500, got "abc"', { parameter: 'limit' });
 */
export class BadRequestError extends HttpError {
  /** The query parameter, path parameter or header at fault, when there is one. */
  readonly parameter: string | undefined;
  constructor(message: string, options?: { parameter?: string; cause?: unknown }) {
    super(400, 'bad_request', message, options);
    this.parameter = options?.parameter;
  }
}

/** No such resource (404); also the answer for a path no route serves. */
export class NotFoundError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(404, 'not_found', message, options);
  }
}

/** The request is valid but the resource's state forbids it now (409), e.g. deciding an entry twice. */
export class ConflictError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, 'conflict', message, options);
  }
}

/** The path exists but not for this method (405); `allow` lists the methods it serves. */
export class MethodNotAllowedError extends HttpError {
  readonly allow: readonly string[];
  constructor(method: string, path: string, allow: readonly string[]) {
    super(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allow.join(', ')}`);
    this.allow = allow;
  }
}

/**
 * A request that named a host this server does not answer for (403): on loopback, a page of another
 * site whose name was made to resolve to 127.0.0.1 (DNS rebinding), which must not read the inventory.
 */
export class HostNotAllowedError extends HttpError {
  constructor(message: string) {
    super(403, 'host_not_allowed', message);
  }
}

/** None of the media types the client accepts can be produced (406). */
export class NotAcceptableError extends HttpError {
  constructor(message: string) {
    super(406, 'not_acceptable', message);
  }
}

/** A request body larger than the server takes (413). */
export class PayloadTooLargeError extends HttpError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

/** The request was not answered in time (504); never says what was slow. */
export class GatewayTimeoutError extends HttpError {
  constructor(message = 'The request took too long to answer') {
    super(504, 'timeout', message);
  }
}
