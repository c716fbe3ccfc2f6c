// Type tests, checked by Vitest's typecheck mode (never run): what callers get from the factories,
// the key factory and the hooks.
import {
  QueryClient,
  useInfiniteQuery,
  useQuery,
  useSuspenseInfiniteQuery,
  type InfiniteData,
} from '@tanstack/react-query';
import { describe, expectTypeOf, test } from 'vitest';
import {
  chatKeys,
  messagesQuery,
  threadQuery,
  threadsQuery,
  threadSummaryQuery,
  useChatMessages,
  useChatThreadSummary,
  useChatThreads,
  useSendChatMessage,
  useSuspenseChatThreads,
  type ChatError,
  type ChatMessageItem,
  type ChatMessagesPage,
  type ChatParticipant,
  type ChatScope,
  type ChatThreadItem,
  type ChatThreadProperties,
  type ChatThreadsPage,
  type ChatThreadSummary,
} from '../../src/react/index.ts';

declare const scope: ChatScope;
const queryClient = new QueryClient();

describe('query-options factories and keys', () => {
  test('the cache reads back what the factories fetch', () => {
    const options = threadsQuery(scope, { pageSize: 2 });
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<
      InfiniteData<ChatThreadsPage, string | undefined> | undefined
    >();
  });

  test("the key factory's keys carry the same types", () => {
    const keys = chatKeys(scope);
    expectTypeOf(queryClient.getQueryData(keys.thread('t'))).toEqualTypeOf<
      ChatThreadProperties | undefined
    >();
    expectTypeOf(queryClient.getQueryData(keys.participants('t'))).toEqualTypeOf<
      ChatParticipant[] | undefined
    >();
    expectTypeOf(queryClient.getQueryData(keys.messages('t'))).toEqualTypeOf<
      InfiniteData<ChatMessagesPage, string | undefined> | undefined
    >();
    expectTypeOf(queryClient.getQueryData(keys.threadSummary('t'))).toEqualTypeOf<
      ChatThreadSummary | undefined
    >();
  });

  test('the thread summary: its factory and hook give ChatThreadSummary and ChatError', () => {
    const summary = useQuery(threadSummaryQuery(scope, 't'));
    expectTypeOf(summary.data).toEqualTypeOf<ChatThreadSummary | undefined>();
    expectTypeOf(summary.error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useChatThreadSummary('t').data?.unreadCount).toEqualTypeOf<number | undefined>();
  });
});

describe('hooks', () => {
  test('TanStack hooks fed by the factories: data and errors', () => {
    const thread = useQuery(threadQuery(scope, 't'));
    expectTypeOf(thread.data).toEqualTypeOf<ChatThreadProperties | undefined>();
    expectTypeOf(thread.error).toEqualTypeOf<ChatError | null>();
    const pages = useInfiniteQuery(messagesQuery(scope, 't'));
    expectTypeOf(pages.data?.pages[0]?.items).toEqualTypeOf<ChatMessageItem[] | undefined>();
    const suspense = useSuspenseInfiniteQuery(threadsQuery(scope));
    expectTypeOf(suspense.data.pages[0]!.items).toEqualTypeOf<ChatThreadItem[]>();
  });

  test("the library's hooks: selected lists and errors", () => {
    expectTypeOf(useChatThreads().threads).toEqualTypeOf<ChatThreadItem[]>();
    expectTypeOf(useSuspenseChatThreads().threads).toEqualTypeOf<ChatThreadItem[]>();
    expectTypeOf(useChatMessages('t').messages).toEqualTypeOf<ChatMessageItem[]>();
    expectTypeOf(useSendChatMessage('t').error).toEqualTypeOf<ChatError | null>();
  });
});
