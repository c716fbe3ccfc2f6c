// The user's own latest read receipt in each thread, as this cache learned of it: sent from here,
// or from another of their devices by an event or a poll. A summary fetched by a request that left
// before the read cannot know of it, so every summary fetched is read up to it: an older answer
// never undoes a read the user made.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatMessageReadReceipt } from '../../core/index.ts';
import { scopedRecords } from './scoped-records.ts';
import type { ChatKeyScope } from '../types.ts';

/** Threads whose latest own read is remembered, per user. */
export const maxOwnReads = 1000;

const reads = scopedRecords<ChatMessageReadReceipt>(maxOwnReads);

/** Remembers the receipt (its chatMessageId a message id) unless a later one is held. */
export function rememberOwnRead(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  threadId: string,
  receipt: ChatMessageReadReceipt,
): void {
  const held = reads.get(queryClient, scope, threadId);
  if (held && Number(held.chatMessageId) >= Number(receipt.chatMessageId)) return;
  reads.set(queryClient, scope, threadId, receipt);
}

/** The user's latest own read in the thread that this cache knows of. */
export const ownRead = (queryClient: QueryClient, scope: ChatKeyScope, threadId: string) =>
  reads.get(queryClient, scope, threadId);
