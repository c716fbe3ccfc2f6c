// What this user's caches know was deleted, by id: messages and threads. Kept apart from the cached
// lists, so that a copy arriving late (an event repeated or delayed, a poll or a page that left
// before the deletion) cannot bring one back: a deletion wins over any copy that is not newer.
// Every path that adds a message or a thread to a cache (events, polls, pages, summaries) reads
// its copies through here.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatMessage, ChatThreadItem } from '../../core/index.ts';
import { scopedRecords } from './scoped-records.ts';
import { compareVersions } from './versions.ts';
import type { ChatKeyScope } from '../types.ts';

/** Deleted messages remembered per user (the oldest forgotten first). */
export const maxDeletedMessages = 5000;
/** Deleted threads remembered per user. */
export const maxDeletedThreads = 1000;

interface Tombstone {
  deletedOn: Date;
  /** The deleted message's version, when known: only a newer copy outlives the deletion. */
  version?: string;
}

const messages = scopedRecords<Tombstone>(maxDeletedMessages);
const threads = scopedRecords<Tombstone>(maxDeletedThreads);
const messageKey = (threadId: string, messageId: string) => `${threadId}\n${messageId}`;

/** Remembers that the message was deleted (a version known later is kept). */
export function buryMessage(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  threadId: string,
  messageId: string,
  deletedOn: Date,
  version?: string,
): void {
  const key = messageKey(threadId, messageId);
  const held = messages.get(queryClient, scope, key);
  if (held && (version === undefined || (compareVersions(version, held.version) ?? 1) <= 0)) return;
  messages.set(queryClient, scope, key, { deletedOn: held?.deletedOn ?? deletedOn, version });
}

/** Remembers that the thread was deleted. */
export function buryThread(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  threadId: string,
  deletedOn: Date,
): void {
  if (threads.get(queryClient, scope, threadId) === undefined)
    threads.set(queryClient, scope, threadId, { deletedOn });
}

/** When the thread was deleted, if this user's caches know it was. */
export const threadDeletedOn = (queryClient: QueryClient, scope: ChatKeyScope, threadId: string) =>
  threads.get(queryClient, scope, threadId)?.deletedOn;

/**
 * The messages as the caches must hold them: each one a deletion not older than it is known for
 * comes deleted; each one that comes deleted is remembered. The same array when nothing changed.
 */
export function knownMessages<M extends ChatMessage>(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  threadId: string,
  copies: readonly M[],
): M[] {
  let changed = false;
  const known = copies.map((message) => {
    if (message.deletedOn !== undefined) {
      buryMessage(queryClient, scope, threadId, message.id, message.deletedOn, message.version);
      return message;
    }
    const tombstone = messages.get(queryClient, scope, messageKey(threadId, message.id));
    if (tombstone === undefined || (compareVersions(message.version, tombstone.version) ?? 0) > 0)
      return message;
    changed = true;
    return { ...message, deletedOn: tombstone.deletedOn };
  });
  return changed ? known : (copies as M[]);
}

/** The same for threads: a thread known deleted comes with its deletedOn. */
export function knownThreads(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  copies: ChatThreadItem[],
): ChatThreadItem[] {
  let changed = false;
  const known = copies.map((thread) => {
    if (thread.deletedOn !== undefined) {
      buryThread(queryClient, scope, thread.id, thread.deletedOn);
      return thread;
    }
    const deletedOn = threadDeletedOn(queryClient, scope, thread.id);
    if (deletedOn === undefined) return thread;
    changed = true;
    return { ...thread, deletedOn };
  });
  return changed ? known : copies;
}
