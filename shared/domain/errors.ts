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
