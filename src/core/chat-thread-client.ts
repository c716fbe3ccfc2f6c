import type { ChatHttp, ChatRequest } from './chat-http.ts';
import { identifierToWire, type CommunicationIdentifier } from './identifiers.ts';
import type {
  AddChatParticipantsResult,
  AddParticipantsRequest,
  ChatMessage,
  ChatMessageReadReceipt,
  ChatMessageType,
  ChatParticipant,
  ChatRetentionPolicy,
  ChatThreadProperties,
  SendChatMessageResult,
  SendMessageRequest,
  SendReadReceiptRequest,
} from './models.ts';
import { operationSignal, type OperationOptions } from './operation-options.ts';
import { pagedIterator, toPage, type PagedAsyncIterableIterator } from './paged.ts';
import { participantsToWire, retentionPolicyToWire } from './requests.ts';
import {
  assertDate,
  assertId,
  assertMetadata,
  assertNonNegativeInteger,
  assertObject,
  assertOptionalObject,
  assertOptionalString,
  assertPositiveInteger,
  assertString,
  assertText,
  fail,
} from './validate.ts';
import type { TypingThrottle } from './typing-throttle.ts';
import {
  errors,
  message,
  object,
  page,
  participant,
  readBody,
  readReceipt,
  string,
  threadProperties,
} from './wire.ts';

// The official SDK's names for the options of operations that take nothing but a signal.
export type GetPropertiesOptions = OperationOptions;
export type UpdateTopicOptions = OperationOptions;
export type GetMessageOptions = OperationOptions;
export type DeleteMessageOptions = OperationOptions;
export type AddParticipantsOptions = OperationOptions;
export type RemoveParticipantOptions = OperationOptions;
export type SendReadReceiptOptions = OperationOptions;

export interface UpdateChatThreadPropertiesOptions extends OperationOptions {
  topic?: string;
  metadata?: Record<string, string>;
  retentionPolicy?: ChatRetentionPolicy;
}
export interface SendMessageOptions extends OperationOptions {
  senderDisplayName?: string;
  type?: ChatMessageType;
  metadata?: Record<string, string>;
}
export interface UpdateMessageOptions extends OperationOptions {
  content?: string;
  metadata?: Record<string, string>;
}
export interface ListMessagesOptions extends OperationOptions {
  maxPageSize?: number;
  startTime?: Date;
}
export interface ListParticipantsOptions extends OperationOptions {
  maxPageSize?: number;
  skip?: number;
}
export type ListReadReceiptsOptions = ListParticipantsOptions;
export interface SendTypingNotificationOptions extends OperationOptions {
  senderDisplayName?: string;
}

// ACS caps a message at 28 KB (UTF-8 bytes).
const maxContentBytes = 28 * 1024;
const writableTypes = new Set(['text', 'html']);

type Send = Omit<ChatRequest, 'path' | 'operation' | 'idempotent'> & { idempotent?: boolean };

/**
 * One thread's operations. Get it from `ChatClient.getChatThreadClient(threadId)`. Every method
 * checks its arguments first (a bad one throws `ChatValidationError` naming it, and nothing is
 * sent) and fails with a `ChatError`; each takes an AbortSignal in `options.abortSignal`, as the
 * official SDK, or `options.signal`.
 */
export class ChatThreadClient {
  readonly threadId: string;
  readonly #http: ChatHttp;
  readonly #base: string;
  readonly #typing: TypingThrottle;

  /** @internal Use `ChatClient.getChatThreadClient`. */
  constructor(http: ChatHttp, threadId: string, typing: TypingThrottle) {
    this.#http = http;
    this.#typing = typing;
    this.threadId = threadId;
    this.#base = `/chat/threads/${encodeURIComponent(threadId)}`;
  }

  #send(operation: string, path: string, request: Send) {
    return this.#http.send({
      ...request,
      path: this.#base + path,
      operation,
      idempotent: request.idempotent ?? true,
    });
  }

  /** The options, checked to be an object, with `signal` the one the call runs with (either name). */
  #options<T extends OperationOptions>(options: T | undefined): T & { signal?: AbortSignal } {
    const checked = assertOptionalObject(options, 'options');
    return { ...(checked as T), signal: operationSignal(checked) };
  }

  /** The thread's id, topic, creation, creator, metadata and retention policy. */
  async getProperties(options?: GetPropertiesOptions): Promise<ChatThreadProperties> {
    const { signal } = this.#options(options);
    const { body } = await this.#send('getProperties', '', { method: 'get', signal });
    return readBody('getProperties', () => threadProperties(body, 'the thread'));
  }

  /** Sets the thread's topic; everyone in it sees a `topicUpdated` message. */
  async updateTopic(topic: string, options?: UpdateTopicOptions): Promise<void> {
    const { signal } = this.#options(options);
    await this.#patch('updateTopic', '', { topic: assertString(topic, 'topic') }, signal);
  }

  /**
   * Changes the topic, metadata (merged: a key set to a new value replaces it) or retention policy;
   * what is not given stays as it is.
   */
  async updateProperties(options?: UpdateChatThreadPropertiesOptions): Promise<void> {
    const checked = this.#options(options);
    const json = {
      topic: checked.topic === undefined ? undefined : assertString(checked.topic, 'options.topic'),
      metadata: assertMetadata(checked.metadata, 'options.metadata'),
      retentionPolicy: retentionPolicyToWire(checked.retentionPolicy, 'options.retentionPolicy'),
    };
    await this.#patch('updateProperties', '', json, checked.signal);
  }

  /**
   * Sends a text or html message (line breaks and tabs kept; at most 28 KB in UTF-8) and resolves to
   * its id. Not idempotent: it is retried only after 429/503, never after a dropped connection, so it
   * is never delivered twice. Resets this thread's typing-notification throttle.
   */
  async sendMessage(
    request: SendMessageRequest,
    options?: SendMessageOptions,
  ): Promise<SendChatMessageResult> {
    const content = assertText(
      assertObject(request, 'request').content,
      'request.content',
      maxContentBytes,
    );
    const checked = this.#options(options);
    if (checked.type !== undefined && !writableTypes.has(checked.type))
      fail('options.type', "expected 'text' or 'html'.");
    const json = {
      content,
      senderDisplayName: assertOptionalString(
        checked.senderDisplayName,
        'options.senderDisplayName',
        256,
      ),
      type: checked.type,
      metadata: assertMetadata(checked.metadata, 'options.metadata'),
    };
    // Not idempotent: retried only when the service refused it outright (429/503), never after a
    // network error, which could mean it was delivered.
    const { body } = await this.#send('sendMessage', '/messages', {
      method: 'post',
      json,
      signal: checked.signal,
      idempotent: false,
    });
    this.#typing.reset(this.threadId);
    return readBody('sendMessage', () => ({
      id: string(object(body, 'the response'), 'id', 'the response'),
    }));
  }

  /** One message by id; 404 (`ChatError` with `statusCode` 404) when it does not exist or is hidden. */
  async getMessage(messageId: string, options?: GetMessageOptions): Promise<ChatMessage> {
    const id = assertId(messageId, 'messageId');
    const { signal } = this.#options(options);
    const { body } = await this.#send('getMessage', `/messages/${encodeURIComponent(id)}`, {
      method: 'get',
      signal,
    });
    return readBody('getMessage', () => message(body, 'the message'));
  }

  /**
   * The thread's messages, newest first, system messages included; iterate items, or `byPage()` for
   * pages with their continuation token. `startTime` keeps only messages created at or after it.
   */
  listMessages(options?: ListMessagesOptions): PagedAsyncIterableIterator<ChatMessage> {
    const checked = this.#options(options);
    const query = {
      maxPageSize: assertPositiveInteger(checked.maxPageSize, 'options.maxPageSize'),
      startTime: assertDate(checked.startTime, 'options.startTime')?.toISOString(),
    };
    return this.#list('listMessages', '/messages', query, checked.signal, message);
  }

  /** Edits your own message's content or metadata; sets its `editedOn`. */
  async updateMessage(messageId: string, options?: UpdateMessageOptions): Promise<void> {
    const id = assertId(messageId, 'messageId');
    const checked = this.#options(options);
    const json = {
      content:
        checked.content === undefined
          ? undefined
          : assertText(checked.content, 'options.content', maxContentBytes),
      metadata: assertMetadata(checked.metadata, 'options.metadata'),
    };
    await this.#patch('updateMessage', `/messages/${encodeURIComponent(id)}`, json, checked.signal);
  }

  /** Deletes your own message (soft: it stays listed with `deletedOn`). */
  async deleteMessage(messageId: string, options?: DeleteMessageOptions): Promise<void> {
    const id = assertId(messageId, 'messageId');
    const { signal } = this.#options(options);
    await this.#send('deleteMessage', `/messages/${encodeURIComponent(id)}`, {
      method: 'delete',
      signal,
    });
  }

  /** The thread's participants; iterate items, or `byPage()`. */
  listParticipants(options?: ListParticipantsOptions): PagedAsyncIterableIterator<ChatParticipant> {
    const checked = this.#options(options);
    const query = {
      maxPageSize: assertPositiveInteger(checked.maxPageSize, 'options.maxPageSize'),
      skip: assertNonNegativeInteger(checked.skip, 'options.skip'),
    };
    return this.#list('listParticipants', '/participants', query, checked.signal, participant);
  }

  /**
   * Adds up to 200 participants in one request (safe to repeat). Ones the service refuses come back in
   * `invalidParticipants`; the others are added.
   */
  async addParticipants(
    request: AddParticipantsRequest,
    options?: AddParticipantsOptions,
  ): Promise<AddChatParticipantsResult> {
    const participants = participantsToWire(
      assertObject(request, 'request').participants,
      'request.participants',
    );
    if (!participants || participants.length === 0)
      fail('request.participants', 'expected at least one participant.');
    const { signal } = this.#options(options);
    // Adding the same participants twice leaves the thread as once: safe to retry.
    const { body } = await this.#send('addParticipants', '/participants/:add', {
      method: 'post',
      json: { participants },
      signal,
    });
    return readBody('addParticipants', () => ({
      invalidParticipants: errors(
        object(body ?? {}, 'the response').invalidParticipants,
        'invalidParticipants',
      ),
    }));
  }

  /** Removes a participant; removing yourself leaves the thread. */
  async removeParticipant(
    participant: CommunicationIdentifier,
    options?: RemoveParticipantOptions,
  ): Promise<void> {
    const json = identifierToWire(participant, 'participant');
    const { signal } = this.#options(options);
    await this.#send('removeParticipant', '/participants/:remove', {
      method: 'post',
      json,
      signal,
    });
  }

  /**
   * Tells the others you are typing. Resolves to false, sending nothing, within 8 s of the previous
   * notification to this thread from the same ChatClient (as the official SDK), whichever thread
   * client sent it; a sent message resets that.
   */
  async sendTypingNotification(options?: SendTypingNotificationOptions): Promise<boolean> {
    const checked = this.#options(options);
    const senderDisplayName = assertOptionalString(
      checked.senderDisplayName,
      'options.senderDisplayName',
      256,
    );
    const claimed = this.#typing.claim(this.threadId);
    if (claimed === undefined) return false;
    try {
      await this.#send('sendTypingNotification', '/typing', {
        method: 'post',
        json: { senderDisplayName },
        signal: checked.signal,
      });
    } catch (error) {
      this.#typing.release(this.threadId, claimed);
      throw error;
    }
    return true;
  }

  /** Marks a message, and every message before it, as read by you. */
  async sendReadReceipt(
    request: SendReadReceiptRequest,
    options?: SendReadReceiptOptions,
  ): Promise<void> {
    const chatMessageId = assertId(
      assertObject(request, 'request').chatMessageId,
      'request.chatMessageId',
    );
    const { signal } = this.#options(options);
    await this.#send('sendReadReceipt', '/readReceipts', {
      method: 'post',
      json: { chatMessageId },
      signal,
    });
  }

  /** The latest read receipt of each participant; iterate items, or `byPage()`. */
  listReadReceipts(
    options?: ListReadReceiptsOptions,
  ): PagedAsyncIterableIterator<ChatMessageReadReceipt> {
    const checked = this.#options(options);
    const query = {
      maxPageSize: assertPositiveInteger(checked.maxPageSize, 'options.maxPageSize'),
      skip: assertNonNegativeInteger(checked.skip, 'options.skip'),
    };
    return this.#list('listReadReceipts', '/readReceipts', query, checked.signal, readReceipt);
  }

  async #patch(
    operation: string,
    path: string,
    json: object,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    await this.#send(operation, path, {
      method: 'patch',
      json,
      headers: { 'content-type': 'application/merge-patch+json' },
      signal,
    });
  }

  #list<T>(
    operation: string,
    path: string,
    query: Record<string, string | number | undefined>,
    signal: AbortSignal | undefined,
    read: (item: unknown, where: string) => T,
  ): PagedAsyncIterableIterator<T> {
    this.#http.assertOpen();
    return pagedIterator(async (nextLink) => {
      const { body } = await this.#http.send({
        method: 'get',
        ...(nextLink
          ? { nextLink: assertString(nextLink, 'continuationToken', 8192) }
          : { path: this.#base + path, query }),
        signal,
        idempotent: true,
        operation,
      });
      const { value, nextLink: next } = readBody(operation, () => page(body, read));
      return toPage(value, next);
    }, operation);
  }
}
