// The mutation-options factories: usable with TanStack's useMutation directly, and a caller's
// life-cycle callbacks run beside the library's (which keep the caches right), not instead of them.
import { useMutation } from '@tanstack/react-query';
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createThreadMutation,
  deleteThreadMutation,
  useChatScope,
  useChatThreads,
  useCreateChatThread,
  type ChatError,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('mutation-options factories', () => {
  it("work with useMutation, the caller's callbacks composed with the library's", async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 2, topic: 'T' });
    const h = harness(emu, users[0]!);
    const calls: string[] = [];
    const { result } = renderChatHook(h, () => ({
      list: useChatThreads(),
      create: useMutation(
        createThreadMutation(useChatScope(), {
          onMutate: ({ topic }) => {
            calls.push(`mutate ${topic}`);
            return { startedWith: topic };
          },
          onSuccess: (created, _variables, context) => {
            calls.push(`success ${created.chatThread?.topic} ${context.startedWith}`);
          },
          onSettled: () => {
            calls.push('settled');
          },
        }),
      ),
    }));
    await waitFor(() => expect(result.current.list.threads).toHaveLength(2));
    await act(() => result.current.create.mutateAsync({ topic: 'New' }));
    // The library's part: the thread on top of the cached list, no refetch needed.
    await waitFor(() =>
      expect(result.current.list.threads.map((t) => t.topic)).toEqual(['New', 'T 2', 'T 1']),
    );
    // The caller's part, with its own onMutate result as the context.
    expect(calls).toEqual(['mutate New', 'success New New', 'settled']);
    await waitFor(() => expect(result.current.create.context).toEqual({ startedWith: 'New' }));
  });

  it("roll back an optimistic delete and then call the caller's onError", async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 3, topic: 'D' });
    const h = harness(emu, users[0]!);
    const seen: Array<{ code: string; listed: number }> = [];
    const { result } = renderChatHook(h, () => {
      const list = useChatThreads();
      const remove = useMutation(
        deleteThreadMutation(useChatScope(), {
          onError: (error: ChatError) => {
            // Called after the library's rollback: the thread is back in the list.
            const data = h.queryClient.getQueryData(h.keys.threads());
            seen.push({ code: error.code, listed: data?.pages[0]?.items.length ?? -1 });
          },
        }),
      );
      return { list, remove };
    });
    await waitFor(() => expect(result.current.list.threads).toHaveLength(3));
    emu.emulator.faults.add({ method: 'DELETE', path: '/chat/threads/*', status: 500, times: 2 });
    const target = result.current.list.threads[1]!.id;
    await act(() => result.current.remove.mutateAsync(target).catch(() => undefined));
    expect(seen).toEqual([{ code: 'InternalServerError', listed: 3 }]);
    await waitFor(() => expect(result.current.list.threads).toHaveLength(3));
  });

  it("a hook's callbacks are composed too", async () => {
    const ann = await emu.user();
    const h = harness(emu, ann);
    const topics: string[] = [];
    const { result } = renderChatHook(h, () => ({
      list: useChatThreads(),
      create: useCreateChatThread({ onSuccess: (r) => void topics.push(r.chatThread!.topic) }),
    }));
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    await act(() => result.current.create.mutateAsync({ topic: 'Hooked' }));
    expect(topics).toEqual(['Hooked']);
    await waitFor(() =>
      expect(result.current.list.threads.map((t) => t.topic)).toEqual(['Hooked']),
    );
  });
});
