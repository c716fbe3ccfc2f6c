// The newest update of each thread's properties this user's caches applied (its version, time and
// topic): an update older than it that arrives late is not applied over it, and a created event
// that arrives after it lists the thread with the newer topic.
import type { QueryClient } from '@tanstack/react-query';
import { scopedRecords } from './scoped-records.ts';
import { compareVersions } from './versions.ts';
import type { ChatKeyScope } from '../types.ts';

/** Threads whose newest update is remembered, per user. */
export const maxThreadUpdates = 1000;

export interface ThreadUpdate {
  version?: string;
  updatedOn?: Date;
  topic?: string;
}

const updates = scopedRecords<ThreadUpdate>(maxThreadUpdates);

/**
 * Whether `update` is to be applied: it is not older than the newest one applied (by version, else
 * by time; the same one again is applied again). If so, it is the newest now.
 */
export function takeThreadUpdate(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  threadId: string,
  update: ThreadUpdate,
): boolean {
  const held = updates.get(queryClient, scope, threadId);
  const order =
    compareVersions(update.version, held?.version) ??
    (update.updatedOn && held?.updatedOn ? +update.updatedOn - +held.updatedOn : 0);
  if (order < 0) return false;
  updates.set(queryClient, scope, threadId, {
    version: update.version ?? held?.version,
    updatedOn: update.updatedOn ?? held?.updatedOn,
    topic: update.topic ?? held?.topic,
  });
  return true;
}

/** The topic of the newest update applied to the thread, if it set one. */
export const updatedTopic = (queryClient: QueryClient, scope: ChatKeyScope, threadId: string) =>
  updates.get(queryClient, scope, threadId)?.topic;
