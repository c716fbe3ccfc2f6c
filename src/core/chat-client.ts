import { ChatHttp, parseEndpoint } from './chat-http.ts';
import type { ChatClientOptions } from './chat-client-options.ts';
import { ChatThreadClient } from './chat-thread-client.ts';
import type {
  ChatParticipant,
  ChatRetentionPolicy,
  ChatThreadItem,
  CreateChatThreadRequest,
  CreateChatThreadResult,
} from './models.ts';
import { pagedIterator, toPage, type PagedAsyncIterableIterator } from './paged.ts';
import { operationSignal, type OperationOptions } from './operation-options.ts';
import { participantsToWire, retentionPolicyToWire } from './requests.ts';
import { CommunicationTokenCredential, type TokenCredentialLike } from './token-credential.ts';
import {
  assertDate,
  assertHeaderValue,
  assertId,
  assertMetadata,
  assertObject,
  assertOptionalObject,
  assertPositiveInteger,
  assertString,
  fail,
} from './validate.ts';
import { TypingThrottle } from './typing-throttle.ts';
import { errors, object, page, readBody, threadItem, threadProperties } from './wire.ts';

export interface CreateChatThreadOptions extends OperationOptions {
  participants?: ChatParticipant[];
  /** Makes the create safe to repeat: the service answers a repeat with the same thread. Default: a new UUID per call. */
  idempotencyToken?: string;
  metadata?: Record<string, string>;
  retentionPolicy?: ChatRetentionPolicy;
}

export interface ListChatThreadsOptions extends OperationOptions {
  maxPageSize?: number;
  /** Only threads with activity at or after this time. */
  startTime?: Date;
}

export type DeleteChatThreadOptions = OperationOptions;

function toCredential(credential: unknown): TokenCredentialLike {
  if (typeof credential === 'string') return new CommunicationTokenCredential(credential);
  const candidate = credential as Partial<TokenCredentialLike> | null;
  if (typeof candidate?.getToken !== 'function' || typeof candidate.dispose !== 'function') {
    fail(
      'credential',
      "expected a CommunicationTokenCredential (ours or @azure/communication-common's) or a token string.",
    );
  }
  return candidate as TokenCredentialLike;
}

/**
 * The ACS Chat client for one user: threads, and through `getChatThreadClient` everything in a
 * thread. Every method checks its arguments first (a bad one throws `ChatValidationError` naming
 * it, and nothing is sent) and fails with a `ChatError`; each takes an AbortSignal in
 * `options.abortSignal`, as the official SDK, or `options.signal`.
 */
export class ChatClient {
  readonly endpoint: string;
  readonly #http: ChatHttp;
  readonly #credential: TokenCredentialLike;
  readonly #ownsCredential: boolean;
  readonly #typing = new TypingThrottle();

  /**
   * @param endpoint The resource endpoint, `https://<name>.communication.azure.com` (plain http only
   *   to loopback, e.g. the emulator).
   * @param credential A user access token, our `CommunicationTokenCredential`, or the official
   *   `AzureCommunicationTokenCredential`.
   * @param options Retries, timeouts, the response size cap and a custom fetch.
   */
  constructor(
    endpoint: string,
    credential: TokenCredentialLike | string,
    options: ChatClientOptions = {},
  ) {
    const url = parseEndpoint(endpoint);
    assertOptionalObject(options, 'options');
    this.#credential = toCredential(credential);
    this.#ownsCredential = typeof credential === 'string';
    this.#http = new ChatHttp(url, this.#credential, options);
    this.endpoint = this.#http.endpoint;
  }

  /** The credential this client authenticates with, e.g. to key caches by user. */
  get credential(): TokenCredentialLike {
    return this.#credential;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#http.closed;
  }

  /**
   * The operations of one thread. Cheap: thread clients of one ChatClient share its connection
   * settings and its typing-notification throttle, so make one wherever you need it.
   */
  getChatThreadClient(threadId: string): ChatThreadClient {
    this.#http.assertOpen();
    return new ChatThreadClient(this.#http, assertId(threadId, 'threadId'), this.#typing);
  }

  /**
   * Creates a thread with you in it and, optionally, other participants (at most 200). Safe to
   * retry: every attempt carries one idempotency token, so the service creates the thread once.
   * Participants it refuses come back in `invalidParticipants`.
   */
  async createChatThread(
    request: CreateChatThreadRequest,
    options: CreateChatThreadOptions = {},
  ): Promise<CreateChatThreadResult> {
    const topic = assertString(assertObject(request, 'request').topic, 'request.topic');
    const signal = operationSignal(assertOptionalObject(options, 'options'));
    const json = {
      topic,
      participants: participantsToWire(options.participants, 'options.participants'),
      metadata: assertMetadata(options.metadata, 'options.metadata'),
      retentionPolicy: retentionPolicyToWire(options.retentionPolicy, 'options.retentionPolicy'),
    };
    // One token per call, reused by every retry of it: that is what makes the POST safe to repeat.
    const token =
      assertHeaderValue(options.idempotencyToken, 'options.idempotencyToken', 256) ??
      crypto.randomUUID();
    const operation = 'createChatThread';
    const { body } = await this.#http.send({
      method: 'post',
      path: '/chat/threads',
      json,
      headers: { 'repeatability-request-id': token },
      signal,
      idempotent: true,
      operation,
    });
    return readBody(operation, () => {
      const result = object(body, 'the response');
      return {
        chatThread:
          result.chatThread == null ? undefined : threadProperties(result.chatThread, 'chatThread'),
        invalidParticipants: errors(result.invalidParticipants, 'invalidParticipants'),
      };
    });
  }

  /** Deletes a thread for everyone. Deleting one that does not exist, or no longer does, succeeds. */
  async deleteChatThread(threadId: string, options: DeleteChatThreadOptions = {}): Promise<void> {
    const id = assertId(threadId, 'threadId');
    await this.#http.send({
      method: 'delete',
      path: `/chat/threads/${encodeURIComponent(id)}`,
      signal: operationSignal(assertOptionalObject(options, 'options')),
      idempotent: true,
      operation: 'deleteChatThread',
    });
  }

  /**
   * Your threads, most recent activity first, deleted ones included (with `deletedOn`); iterate
   * items, or `byPage()` for pages with their continuation token.
   */
  listChatThreads(
    options: ListChatThreadsOptions = {},
  ): PagedAsyncIterableIterator<ChatThreadItem> {
    const signal = operationSignal(assertOptionalObject(options, 'options'));
    const maxPageSize = assertPositiveInteger(options.maxPageSize, 'options.maxPageSize');
    const startTime = assertDate(options.startTime, 'options.startTime');
    this.#http.assertOpen();
    const operation = 'listChatThreads';
    return pagedIterator(async (nextLink) => {
      const { body } = await this.#http.send({
        method: 'get',
        ...(nextLink
          ? { nextLink: assertString(nextLink, 'continuationToken', 8192) }
          : { path: '/chat/threads', query: { maxPageSize, startTime: startTime?.toISOString() } }),
        signal,
        idempotent: true,
        operation,
      });
      const { value, nextLink: next } = readBody(operation, () => page(body, threadItem));
      return toPage(value, next);
    }, operation);
  }

  /** Aborts every request in flight and refuses new ones. Disposes the credential if the client made it. */
  close(): void {
    if (this.#http.closed) return;
    this.#http.close();
    if (this.#ownsCredential) this.#credential.dispose();
  }
}
