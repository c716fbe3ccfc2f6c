import {
  useInfiniteQuery,
  useQuery,
  useSuspenseInfiniteQuery,
  type InfiniteData,
} from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { Suspense } from 'react';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  chatKeys,
  useChatMessages,
  messagesQuery,
  threadQuery,
  threadsQuery,
  useChatScope,
  useSendChatMessage,
  useSuspenseChatThreads,
  useChatThreads,
  type ChatError,
  type ChatMessageItem,
  type ChatMessagesPage,
  type ChatParticipant,
  type ChatThreadItem,
  type ChatThreadProperties,
  type ChatThreadsPage,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('query-options factories', () => {
  it('work with prefetchInfiniteQuery, setQueryData and getQueryData, fully typed', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 3, topic: 'T' });
    const h = harness(emu, users[0]!);
    const options = threadsQuery(h.scope, { pageSize: 2 });
    await h.queryClient.prefetchInfiniteQuery(options);
    const data = h.queryClient.getQueryData(options.queryKey);
    expectTypeOf(data).toEqualTypeOf<
      InfiniteData<ChatThreadsPage, string | undefined> | undefined
    >();
    expect(data?.pages[0]?.items.map((t) => t.topic)).toEqual(['T 3', 'T 2']);
    // The hook reads what was prefetched: no request.
    h.queryClient.setDefaultOptions({ queries: { staleTime: 60_000 } });
    emu.emulator.clearRequests();
    const { result } = renderChatHook(h, () => useChatThreads({ pageSize: 2 }));
    expect(result.current.threads.map((t) => t.topic)).toEqual(['T 3', 'T 2']);
    expect(emu.emulator.requests).toHaveLength(0);

    h.queryClient.setQueryData(options.queryKey, (old) =>
      old ? { ...old, pages: [{ items: [{ id: 'x', topic: 'Set' }] }] } : old,
    );
    await waitFor(() => expect(result.current.threads.map((t) => t.topic)).toEqual(['Set']));

    // The key factory's keys carry the same types.
    const keys = chatKeys(h.scope);
    expectTypeOf(h.queryClient.getQueryData(keys.thread('t'))).toEqualTypeOf<
      ChatThreadProperties | undefined
    >();
    expectTypeOf(h.queryClient.getQueryData(keys.participants('t'))).toEqualTypeOf<
      ChatParticipant[] | undefined
    >();
    expectTypeOf(h.queryClient.getQueryData(keys.messages('t'))).toEqualTypeOf<
      InfiniteData<ChatMessagesPage, string | undefined> | undefined
    >();
  });

  it('type the hooks: data, errors and selected lists', () => {
    // Type-level only: checked by tsc, never run.
    if (Math.random() < 2) return;
    const scope = useChatScope();
    const thread = useQuery(threadQuery(scope, 't'));
    expectTypeOf(thread.data).toEqualTypeOf<ChatThreadProperties | undefined>();
    expectTypeOf(thread.error).toEqualTypeOf<ChatError | null>();
    const pages = useInfiniteQuery(messagesQuery(scope, 't'));
    expectTypeOf(pages.data?.pages[0]?.items).toEqualTypeOf<ChatMessageItem[] | undefined>();
    const suspense = useSuspenseInfiniteQuery(threadsQuery(scope));
    expectTypeOf(suspense.data.pages[0]!.items).toEqualTypeOf<ChatThreadItem[]>();
    expectTypeOf(useChatThreads().threads).toEqualTypeOf<ChatThreadItem[]>();
    expectTypeOf(useSuspenseChatThreads().threads).toEqualTypeOf<ChatThreadItem[]>();
    expectTypeOf(useChatMessages('t').messages).toEqualTypeOf<ChatMessageItem[]>();
    expectTypeOf(useSendChatMessage('t').error).toEqualTypeOf<ChatError | null>();
  });
});

describe('useSuspenseChatThreads', () => {
  it('suspends until the first page is in', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 2, topic: 'S' });
    const h = harness(emu, users[0]!);
    function Inbox() {
      const { threads } = useSuspenseChatThreads();
      return <p>{threads.map((t) => t.topic).join(',')}</p>;
    }
    const Wrapper = h.wrapper;
    render(
      <Wrapper>
        <Suspense fallback={<p>loading</p>}>
          <Inbox />
        </Suspense>
      </Wrapper>,
    );
    expect(screen.getByText('loading')).toBeTruthy();
    await screen.findByText('S 2,S 1');
  });
});
