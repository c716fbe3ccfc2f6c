// useCreateChatThread: the new thread on top of every cached list, created once however often
// the request is retried.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isChatError,
  threadQuery,
  useChatThreads,
  useCreateChatThread,
  type ChatError,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

async function seeded(threads: number) {
  const { users } = await emu.emulator.seed({ users: 1, threads, topic: 'T' });
  return users[0]!;
}

describe('useCreateChatThread', () => {
  it('puts the new thread at the top of every cached list without refetching', async () => {
    const ann = await seeded(3);
    const bob = await emu.user();
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      small: useChatThreads({ pageSize: 2 }),
      large: useChatThreads({ pageSize: 10 }),
      create: useCreateChatThread(),
    }));
    await waitFor(() => expect(result.current.large.threads).toHaveLength(3));
    await waitFor(() => expect(result.current.small.threads).toHaveLength(2));
    emu.emulator.clearRequests();
    const nobody = '8:acs:00000000-0000-0000-0000-000000000000_nobody';
    const created = await act(() =>
      result.current.create.mutateAsync({
        topic: 'New',
        participants: [
          { id: { communicationUserId: bob.userId } },
          { id: { communicationUserId: nobody } },
        ],
      }),
    );
    expect(created.invalidParticipants?.map((p) => p.target)).toEqual([nobody]);
    await waitFor(() => expect(result.current.large.threads[0]?.topic).toBe('New'));
    expect(result.current.large.threads.map((t) => t.topic)).toEqual(['New', 'T 3', 'T 2', 'T 1']);
    expect(result.current.small.threads.map((t) => t.topic)).toEqual(['New', 'T 3', 'T 2']);
    expect(result.current.create.data?.chatThread?.id).toBe(created.chatThread?.id);
    // One POST, and no list refetch.
    expect(emu.emulator.requests.map((r) => r.method)).toEqual(['POST']);
    // Its properties are cached too.
    expect(
      h.queryClient.getQueryData(threadQuery(h.scope, created.chatThread!.id).queryKey)?.topic,
    ).toBe('New');
  });

  it("keeps one idempotency token across TanStack's retries: one thread, never two", async () => {
    const ann = await emu.user();
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useCreateChatThread({ retry: 2, retryDelay: 1 }));
    // The service creates the thread but the answer is lost, on every core attempt of the first
    // mutation attempt (maxRetries 1 in the test client): TanStack then retries the mutation.
    emu.emulator.faults.add({
      method: 'POST',
      path: '/chat/threads',
      drop: 'after-commit',
      times: 2,
    });
    emu.emulator.clearRequests();
    const before = emu.emulator.threadCount();
    const created = await act(() => result.current.mutateAsync({ topic: 'Once' }));
    const posts = requestsTo(emu, 'POST', /^\/chat\/threads$/);
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.headers['repeatability-request-id'])).size).toBe(1);
    expect(emu.emulator.threadCount()).toBe(before + 1);
    expect(created.chatThread?.topic).toBe('Once');
    // A second call is a second create.
    await act(() => result.current.mutateAsync({ topic: 'Twice' }));
    expect(emu.emulator.threadCount()).toBe(before + 2);
  });

  it('surfaces a typed ChatError', async () => {
    const ann = await emu.user();
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useCreateChatThread());
    emu.emulator.faults.add({ method: 'POST', path: '/chat/threads', status: 500, times: 2 });
    act(() => result.current.mutate({ topic: 'x' }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    const error: ChatError | null = result.current.error;
    expect(isChatError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
  });
});
