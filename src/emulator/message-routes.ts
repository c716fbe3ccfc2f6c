// Messages: send, list (newest first, cursor-paged, down to startTime and the reader's
// shareHistoryTime), get, edit and soft-delete. Only the sender edits or deletes a message.
import {
  accessibleThread,
  chatRoute,
  encodeThreadId,
  historyStart,
  visibleMessage,
} from './chat-route.ts';
import { serviceLimits } from './service-limits.ts';
import { badRequest, forbidden, notFound } from './errors.ts';
import { encodeSyncState, nextLink, pageSize, startTime, syncState } from './paging.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';
import type { MessageRecord } from './store.ts';
import {
  checkMetadata,
  maxMessageContentBytes,
  mergeStringMap,
  optionalString,
  optionalStringMap,
  requiredString,
  withoutNulls,
} from './validate.ts';

const messagesPath = /^\/chat\/threads\/([^/]+)\/messages$/;
const messagePath = /^\/chat\/threads\/([^/]+)\/messages\/([^/]+)$/;

/**
 * Where the next page starts, and the first page's startTime to the millisecond: the nextLink's own
 * startTime is in the service's whole-second .NET form, which would widen the bound on later pages
 * (a list's contents must not depend on its page size; inferred, not observed).
 */
interface Cursor {
  seq: number;
  since?: number;
}

const isCursor = (value: unknown): value is Cursor => {
  if (typeof value !== 'object' || value === null) return false;
  const { seq, since } = value as Record<string, unknown>;
  return Number.isInteger(seq) && (since === undefined || Number.isInteger(since));
};

/** Edits and deletes are the sender's alone; system messages have no sender. */
function ownMessage(message: MessageRecord, caller: string): void {
  if (message.sender?.rawId !== caller) throw forbidden('Only the sender can change a message.');
}

const content = (body: Record<string, unknown>, required: boolean) =>
  (required ? requiredString : optionalString)(body, 'content', {
    nonEmpty: true,
    maxBytes: maxMessageContentBytes,
  });

export function messageRoutes(services: EmulatorServices): Route[] {
  const { store } = services;
  return [
    chatRoute(services, 'POST', messagesPath, serviceLimits.changeMessages, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const body = jsonObject(context);
      const text = content(body, true)!;
      const type = optionalString(body, 'type')?.toLowerCase() ?? 'text';
      if (type !== 'text' && type !== 'html') {
        throw badRequest("'type' must be 'text' or 'html'.", 'type');
      }
      const input: Parameters<typeof store.sendMessage>[2] = { type, content: text };
      const displayName = optionalString(body, 'senderDisplayName', { maxLength: 256 });
      if (displayName !== undefined) input.senderDisplayName = displayName;
      const metadata = optionalStringMap(body, 'metadata');
      if (metadata !== undefined) {
        input.metadata = withoutNulls(metadata);
        checkMetadata(input.metadata, 'metadata');
      }
      const message = store.sendMessage(thread, context.caller, input, context.now);
      return json(
        201,
        { id: message.id },
        {
          location: `${context.base}/chat/threads/${encodeThreadId(thread.id)}/messages/${message.id}`,
        },
      );
    }),

    chatRoute(services, 'GET', messagesPath, serviceLimits.listMessages, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const size = pageSize(context.url, services);
      const cursor = syncState(context.url, isCursor);
      // startTime is inclusive: messages created at or after it (the spec: "the earliest point in
      // time to get messages after"; the boundary itself is inferred, to the millisecond).
      const since = cursor === undefined ? startTime(context.url) : cursor.since;
      const page = store.listMessages(thread, {
        pageSize: size,
        beforeSequenceId: cursor?.seq,
        notBefore: Math.max(since ?? 0, historyStart(thread, context.caller)),
      });
      const result: Record<string, unknown> = {
        value: page.items.map((message) => context.wire.message(message)),
      };
      const last = page.items[page.items.length - 1];
      if (page.more && last !== undefined) {
        result.nextLink = nextLink(context.base, `/chat/threads/${thread.id}/messages`, {
          syncState: encodeSyncState({ seq: last.sequenceId, since }),
          startTime: since,
          maxPageSize: size,
          apiVersion: context.apiVersion,
        });
      }
      return json(200, result);
    }),

    chatRoute(services, 'GET', messagePath, serviceLimits.getMessage, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      return json(
        200,
        context.wire.message(visibleMessage(services, thread, context.params[1]!, context.caller)),
      );
    }),

    chatRoute(services, 'PATCH', messagePath, serviceLimits.changeMessages, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const message = visibleMessage(services, thread, context.params[1]!, context.caller);
      ownMessage(message, context.caller);
      if (message.deletedOn !== undefined) {
        throw notFound('The chat message was deleted.', 'chatMessageId');
      }
      const body = jsonObject(context);
      const text = content(body, false);
      const patch = optionalStringMap(body, 'metadata', { allowNull: true });
      const metadata = patch === undefined ? undefined : mergeStringMap(message.metadata, patch);
      if (metadata !== undefined) checkMetadata(metadata, 'metadata');
      if (text === undefined && metadata === undefined) return empty(204);
      const changes: Parameters<typeof store.editMessage>[2] = {};
      if (text !== undefined) changes.content = text;
      if (metadata !== undefined) changes.metadata = metadata;
      store.editMessage(thread, message, changes, context.now);
      return empty(204);
    }),

    chatRoute(services, 'DELETE', messagePath, serviceLimits.changeMessages, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const message = visibleMessage(services, thread, context.params[1]!, context.caller);
      ownMessage(message, context.caller);
      // Soft delete: the message stays in the list with deletedOn, as the service shows it.
      store.deleteMessage(thread, message, context.now);
      return empty(204);
    }),
  ];
}
