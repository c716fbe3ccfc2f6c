// Threads: create (idempotent through repeatability-request-id), list (the caller's threads, newest
// activity first, cursor-paged), get, update (merge-patch) and delete.
import { serviceLimits } from './service-limits.ts';
import { accessibleThread, chatRoute, encodeThreadId } from './chat-route.ts';
import { badRequest, forbidden } from './errors.ts';
import { parseParticipants } from './participant-input.ts';
import { encodeSyncState, nextLink, pageSize, startTime, syncState } from './paging.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';
import type { RetentionPolicy, ThreadKey } from './store.ts';
import {
  checkMetadata,
  maxTopicLength,
  mergeStringMap,
  optionalStringMap,
  requiredString,
  withoutNulls,
} from './validate.ts';

const threadsPath = /^\/chat\/threads$/;
const threadPath = /^\/chat\/threads\/([^/]+)$/;

function retentionPolicy(value: unknown): RetentionPolicy {
  const target = 'retentionPolicy';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest("'retentionPolicy' must be an object.", target);
  }
  const { kind, deleteThreadAfterDays } = value as Record<string, unknown>;
  if (kind === 'none') return { kind };
  if (kind !== 'threadCreationDate') {
    throw badRequest(
      "'retentionPolicy.kind' must be 'threadCreationDate' or 'none'.",
      `${target}.kind`,
    );
  }
  if (
    typeof deleteThreadAfterDays !== 'number' ||
    !Number.isInteger(deleteThreadAfterDays) ||
    deleteThreadAfterDays < 1 ||
    deleteThreadAfterDays > 90
  ) {
    throw badRequest(
      "'deleteThreadAfterDays' must be an integer from 1 to 90.",
      `${target}.deleteThreadAfterDays`,
    );
  }
  return { kind, deleteThreadAfterDays };
}

/** The next page's start, and the first page's startTime to the millisecond (see message-routes.ts). */
type ThreadCursor = ThreadKey & { since?: number };

const isThreadCursor = (value: unknown): value is ThreadCursor => {
  if (typeof value !== 'object' || value === null) return false;
  const { time, id, since } = value as Record<string, unknown>;
  return (
    typeof time === 'number' &&
    typeof id === 'string' &&
    (since === undefined || Number.isInteger(since))
  );
};

export function threadRoutes(services: EmulatorServices): Route[] {
  const { store } = services;
  return [
    chatRoute(services, 'POST', threadsPath, serviceLimits.createThread, (context) => {
      const body = jsonObject(context);
      const topic = requiredString(body, 'topic', { nonEmpty: true, maxLength: maxTopicLength });
      const participants =
        body.participants === undefined || body.participants === null
          ? []
          : parseParticipants(body.participants, 'participants');
      const metadata = optionalStringMap(body, 'metadata');
      const input: Parameters<typeof store.createThread>[0] = {
        creator: context.caller,
        topic,
        participants,
        at: context.now,
      };
      if (metadata !== undefined) {
        input.metadata = withoutNulls(metadata);
        checkMetadata(input.metadata, 'metadata');
      }
      if (body.retentionPolicy !== undefined && body.retentionPolicy !== null) {
        input.retentionPolicy = retentionPolicy(body.retentionPolicy);
      }
      const requestId = context.request.headers.get('repeatability-request-id');
      if (requestId !== null && requestId.trim() !== '') input.repeatabilityRequestId = requestId;

      const { thread, invalid } = store.createThread(input);
      const result: Record<string, unknown> = { chatThread: context.wire.thread(thread) };
      if (invalid.length > 0) result.invalidParticipants = invalid;
      const headers: Record<string, string> = {
        location: `${context.base}/chat/threads/${encodeThreadId(thread.id)}`,
      };
      // A repeat is answered with the first response: 201 and the same thread.
      if (input.repeatabilityRequestId !== undefined) headers['repeatability-result'] = 'accepted';
      return json(201, result, headers);
    }),

    chatRoute(services, 'GET', threadsPath, serviceLimits.readThreads, (context) => {
      const size = pageSize(context.url, services);
      const cursor = syncState(context.url, isThreadCursor);
      // Threads whose latest activity is at or after startTime.
      const since = cursor === undefined ? startTime(context.url) : cursor.since;
      const after = cursor && { time: cursor.time, id: cursor.id };
      const page = store.listThreads(context.caller, { pageSize: size, after, notBefore: since });
      const result: Record<string, unknown> = {
        value: page.items.map((thread) => context.wire.threadItem(thread)),
      };
      const last = page.items[page.items.length - 1];
      if (page.more && last !== undefined) {
        result.nextLink = nextLink(context.base, '/chat/threads', {
          syncState: encodeSyncState({ ...store.threadKey(last), since }),
          startTime: since,
          maxPageSize: size,
          apiVersion: context.apiVersion,
        });
      }
      return json(200, result);
    }),

    chatRoute(services, 'GET', threadPath, serviceLimits.readThreads, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      return json(200, context.wire.thread(thread));
    }),

    chatRoute(services, 'PATCH', threadPath, serviceLimits.updateThread, (context) => {
      const thread = accessibleThread(services, context.params[0]!, context.caller);
      const body = jsonObject(context);
      // Check everything before changing anything.
      const topic =
        body.topic === undefined
          ? undefined
          : requiredString(body, 'topic', { nonEmpty: true, maxLength: maxTopicLength });
      const patch = optionalStringMap(body, 'metadata', { allowNull: true });
      const metadata = patch === undefined ? undefined : mergeStringMap(thread.metadata, patch);
      if (metadata !== undefined) checkMetadata(metadata, 'metadata');
      const policy =
        body.retentionPolicy === undefined || body.retentionPolicy === null
          ? undefined
          : retentionPolicy(body.retentionPolicy);

      const changes: Parameters<typeof store.updateThread>[2] = {};
      if (topic !== undefined) changes.topic = topic;
      if (metadata !== undefined) changes.metadata = metadata;
      if (policy !== undefined) changes.retentionPolicy = policy;
      else if (body.retentionPolicy === null) changes.retentionPolicy = null;
      store.updateThread(thread, context.caller, changes, context.now);
      return empty(204);
    }),

    chatRoute(services, 'DELETE', threadPath, serviceLimits.deleteThread, (context) => {
      const thread = store.threads.get(context.params[0]!);
      // Deleting a thread that does not exist (any more) succeeds, as with the service: the
      // caller's goal, no such thread, holds.
      if (thread === undefined || thread.deletedOn !== undefined) return empty(204);
      if (!thread.participants.has(context.caller)) throw forbidden();
      store.deleteThread(thread, context.caller, context.now);
      return empty(204);
    }),
  ];
}
