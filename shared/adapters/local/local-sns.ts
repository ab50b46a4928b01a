// A local Amazon SNS endpoint: CreateTopic and Publish over SNS's query protocol, every message kept as a file in an outbox.
//
// The installed @aws-sdk/client-sns speaks the awsQuery protocol: a form-encoded POST
// (`Action=Publish&Version=2010-03-31&TopicArn=…&Subject=…&Message=…`) answered with XML
// (`<PublishResponse><PublishResult><MessageId>…`); errors are `<ErrorResponse><Error><Code>…`
// where the code is the query name (`InvalidParameter`, `NotFound`) the SDK maps to its exception
// classes (InvalidParameterException, NotFoundException). Publish applies SNS's subject and message
// rules (shared/domain/notification-limits.ts) and writes each accepted message to
// <dataDir>/outbox/<time>-<sequence>-<messageId>.json — the "mailbox" a local user and the end-to-end
// tests read (readOutbox). Topics persist in <dataDir>/sns/state.json. Subscriptions, attributes,
// FIFO topics and signatures are not modelled.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMessageViolation, findSubjectViolation } from '../../domain/notification-limits.ts';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  type LocalEndpoint,
  LocalEndpointError,
  type LocalRequest,
  type LocalResponse,
  listenOnLoopback,
  readJsonFile,
  ServiceFaultError,
  writeJsonFileAtomic,
} from './local-endpoint-server.ts';

export interface LocalSnsOptions {
  /** Topics go to `<dataDir>/sns/state.json`, published messages to `<dataDir>/outbox/`. */
  dataDir: string;
  /** A fixed port; a free one is chosen when omitted. */
  port?: number | undefined;
}

export interface LocalSns extends LocalEndpoint {
  /** Where published messages are written. */
  outboxDir: string;
}

/** One published message as the outbox keeps it. */
export interface OutboxMessage {
  messageId: string;
  topicArn: string;
  /** Null when the publisher sent none. */
  subject: string | null;
  message: string;
  /** ISO-8601 UTC. */
  time: string;
}

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** A 256 KB message can triple when form-encoded. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts the endpoint on 127.0.0.1 with the topics found in `dataDir`.
 *
 * @example
 * const sns = await startLocalSns({ dataDir: '.egress-scout' });
 * const client = createSnsClient({ endpoint: sns.endpoint });
 * const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'egress-scout' }));
 * // … publish, then readOutbox('.egress-scout')
 * await sns.stop();
 */
export async function startLocalSns(options: LocalSnsOptions): Promise<LocalSns> {
  const service = new SnsService(options.dataDir);
  const endpoint = await listenOnLoopback((request) => service.handle(request), {
    port: options.port,
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () =>
      errorResponse(new ServiceFaultError('RequestEntityTooLarge', 'Request body too large', 413)),
    refused: (reason) => errorResponse(new ServiceFaultError('AuthorizationError', reason, 403)),
    internalError: (error) =>
      errorResponse(
        new ServiceFaultError('InternalFailure', `local endpoint failure: ${String(error)}`, 500),
      ),
  });
  return { ...endpoint, outboxDir: service.outboxDir };
}

/**
 * The messages published to the local endpoint of `dataDir`, oldest first.
 *
 * @example
 * const [first] = readOutbox('.egress-scout');
 * first?.subject; // 'egress-scout: 3 candidates to review'
 */
export function readOutbox(dataDir: string): OutboxMessage[] {
  const outboxDir = join(dataDir, 'outbox');
  let names: string[];
  try {
    names = readdirSync(outboxDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(outboxDir, name), 'utf8')) as OutboxMessage);
}

class SnsService {
  readonly outboxDir: string;
  readonly #statePath: string;
  #topics: string[];
  /** Orders messages published within the same millisecond. */
  #sequence = 0;

  constructor(dataDir: string) {
    this.outboxDir = join(dataDir, 'outbox');
    this.#statePath = join(dataDir, 'sns', 'state.json');
    this.#topics = loadTopics(this.#statePath);
  }

  handle(request: LocalRequest): LocalResponse {
    try {
      if (request.method !== 'POST') throw new ServiceFaultError('InvalidAction', 'Expected a POST', 400);
      const params = new URLSearchParams(request.body.toString('utf8'));
      const action = params.get('Action');
      switch (action) {
        case 'CreateTopic':
          return xmlResponse('CreateTopic', `<TopicArn>${escapeXml(this.#createTopic(params))}</TopicArn>`);
        case 'Publish':
          return xmlResponse('Publish', `<MessageId>${escapeXml(this.#publish(params))}</MessageId>`);
        default:
          throw new ServiceFaultError(
            'InvalidAction',
            `The local endpoint does not model the action ${action}`,
          );
      }
    } catch (error) {
      if (error instanceof ServiceFaultError) return errorResponse(error);
      throw error;
    }
  }

  /** Creates the topic, or returns the existing one's ARN, as SNS does. */
  #createTopic(params: URLSearchParams): string {
    const name = params.get('Name') ?? '';
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
      invalidParameter(
        'Topic Name: 1-256 letters, digits, hyphens or underscores (FIFO topics are not modelled)',
      );
    }
    const arn = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`;
    if (!this.#topics.includes(arn)) {
      const topics = [...this.#topics, arn];
      writeJsonFileAtomic(this.#statePath, { version: 1, topics });
      this.#topics = topics;
    }
    return arn;
  }

  #publish(params: URLSearchParams): string {
    const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
    if (topicArn === null) invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    if (!this.#topics.includes(topicArn))
      throw new ServiceFaultError('NotFound', 'Topic does not exist', 404);
    const subject = params.get('Subject');
    const message = params.get('Message') ?? '';
    if (message.length === 0) invalidParameter('Empty message');
    // The Subject is optional in SNS; the rules apply when one is given.
    const subjectViolation = subject === null ? undefined : findSubjectViolation(subject);
    if (subjectViolation !== undefined) {
      invalidParameter(`Subject (${subjectViolation.rule}: ${subjectViolation.detail})`);
    }
    const messageViolation = findMessageViolation(message);
    if (messageViolation !== undefined) {
      invalidParameter(`Message (${messageViolation.rule}: ${messageViolation.detail})`);
    }
    const messageId = randomUUID();
    const time = new Date();
    const entry: OutboxMessage = { messageId, topicArn, subject, message, time: time.toISOString() };
    const sequence = String(this.#sequence++ % 1_000_000).padStart(6, '0');
    writeJsonFileAtomic(join(this.outboxDir, `${sortableTime(time)}-${sequence}-${messageId}.json`), entry);
    return messageId;
  }
}

function loadTopics(path: string): string[] {
  const state = readJsonFile(path);
  if (state === undefined) return [];
  const topics = (state as { version?: unknown; topics?: unknown }).topics;
  if (!Array.isArray(topics) || !topics.every((topic) => typeof topic === 'string')) {
    throw new LocalEndpointError(`${path} is not a local SNS state file (version 1)`);
  }
  return topics;
}

/** `20261123T092534123Z`: sorts as the time does, and is a valid file name everywhere. */
function sortableTime(time: Date): string {
  return time.toISOString().replace(/[-:.]/g, '');
}

function xmlResponse(action: string, result: string): LocalResponse {
  const requestId = randomUUID();
  const body =
    `<${action}Response xmlns="${XML_NAMESPACE}">` +
    `<${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

function errorResponse(fault: ServiceFaultError): LocalResponse {
  const type = fault.status >= 500 ? 'Receiver' : 'Sender';
  const requestId = randomUUID();
  const body =
    `<ErrorResponse xmlns="${XML_NAMESPACE}">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`;
  return { status: fault.status, headers: xmlHeaders(requestId), body };
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

function invalidParameter(detail: string): never {
  throw new ServiceFaultError('InvalidParameter', `Invalid parameter: ${detail}`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
