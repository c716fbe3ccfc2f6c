// Query keys. Every key starts with ['acs-chat', endpoint, userId], so two users or two resources
// never share cached data, and one prefix clears a user's whole cache (e.g. on sign-out).
// Named here so the published declarations of tagged keys can refer to TanStack's symbols.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { dataTagErrorSymbol, dataTagSymbol } from '@tanstack/react-query';
import type { DataTag, InfiniteData } from '@tanstack/react-query';
import type {
  ChatError,
  ChatMessageReadReceipt,
  ChatPage,
  ChatParticipant,
  ChatThreadItem,
  ChatThreadProperties,
} from '../core/index.ts';
import type { ChatKeyScope, ChatMessagesPage, ChatThreadSummary } from './types.ts';

/**
 * A query key that carries its data type, so getQueryData / setQueryData on it are typed too.
 * Exported so the published declarations can name it.
 */
export type ChatQueryKey<K, T> = DataTag<K, T, ChatError>;
const tag =
  <T>() =>
  <K>(key: K) =>
    key as ChatQueryKey<K, T>;
type Pages<P> = InfiniteData<P, string | undefined>;

export interface ThreadsKeyOptions {
  pageSize?: number;
  startTime?: Date;
}

export interface MessagesKeyOptions {
  pageSize?: number;
}

export function chatKeys(scope: ChatKeyScope) {
  const all = ['acs-chat', scope.endpoint, scope.userId] as const;
  return {
    /** Everything cached for this endpoint and user. */
    all,
    /** Every list of threads, whatever its page size or start time. */
    threadLists: () => [...all, 'threads'] as const,
    threads: (options: ThreadsKeyOptions = {}) =>
      tag<Pages<ChatPage<ChatThreadItem>>>()([
        ...all,
        'threads',
        { pageSize: options.pageSize, startTime: options.startTime?.toISOString() },
      ] as const),
    /** Everything cached about one thread: its properties, messages, participants, receipts. */
    threadScope: (threadId: string) => [...all, 'thread', threadId] as const,
    thread: (threadId: string) =>
      tag<ChatThreadProperties>()([...all, 'thread', threadId, 'properties'] as const),
    /** Every list of the thread's messages, whatever its page size. */
    messageLists: (threadId: string) => [...all, 'thread', threadId, 'messages'] as const,
    messages: (threadId: string, options: MessagesKeyOptions = {}) =>
      tag<Pages<ChatMessagesPage>>()([
        ...all,
        'thread',
        threadId,
        'messages',
        { pageSize: options.pageSize },
      ] as const),
    participants: (threadId: string) =>
      tag<ChatParticipant[]>()([...all, 'thread', threadId, 'participants'] as const),
    readReceipts: (threadId: string) =>
      tag<ChatMessageReadReceipt[]>()([...all, 'thread', threadId, 'read-receipts'] as const),
    /** The user's unread count and last message in the thread (see threadSummaryQuery). */
    threadSummary: (threadId: string) =>
      tag<ChatThreadSummary>()([...all, 'thread', threadId, 'summary'] as const),
    /** Mutation keys, for useMutationState / useIsMutating. */
    mutations: {
      createThread: () => [...all, 'create-thread'] as const,
      deleteThread: () => [...all, 'delete-thread'] as const,
      updateThread: (threadId: string) => [...all, 'update-thread', threadId] as const,
      sendMessage: (threadId: string) => [...all, 'send-message', threadId] as const,
      updateMessage: (threadId: string) => [...all, 'update-message', threadId] as const,
      deleteMessage: (threadId: string) => [...all, 'delete-message', threadId] as const,
      addParticipants: (threadId: string) => [...all, 'add-participants', threadId] as const,
      removeParticipant: (threadId: string) => [...all, 'remove-participant', threadId] as const,
      sendReadReceipt: (threadId: string) => [...all, 'send-read-receipt', threadId] as const,
    },
  };
}

export type ChatKeys = ReturnType<typeof chatKeys>;

/** The type of one of the keys, e.g. `ChatKey<'thread'>`. */
export type ChatKey<K extends Exclude<keyof ChatKeys, 'all' | 'mutations'>> = ReturnType<
  ChatKeys[K]
>;

/**
 * What one of the query keys above says, read back: its user, its kind (the key's own word for
 * it), and its thread and options where it has them.
 */
export type ChatKeyParts = ChatKeyScope &
  (
    | { kind: 'threads'; options: { pageSize?: number; startTime?: string } }
    | { kind: 'properties' | 'participants' | 'read-receipts' | 'summary'; threadId: string }
    | { kind: 'messages'; threadId: string; options: MessagesKeyOptions }
  );

/**
 * Which user, which thread and which list a query key of chatKeys names, or undefined for any
 * other key: the one place besides the builders above that knows the keys' positions.
 */
export function readChatKey(key: readonly unknown[]): ChatKeyParts | undefined {
  const [root, endpoint, userId, area, threadId, kind, options] = key;
  if (root !== 'acs-chat') return undefined;
  return area === 'threads'
    ? ({ endpoint, userId, kind: area, options: threadId } as ChatKeyParts)
    : area === 'thread' && typeof kind === 'string'
      ? ({ endpoint, userId, kind, threadId, options } as ChatKeyParts)
      : undefined;
}
