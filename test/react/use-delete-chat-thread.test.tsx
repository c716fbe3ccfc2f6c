import { act, render, screen, waitFor } from '@testing-library/react';
import { useMutationState } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isChatError,
  threadsQuery,
  useChatThreads,
  useDeleteChatThread,
  type ChatThreadItem,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate, holdingFetch } from '../support/holding-fetch.ts';
import { harness, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** A list of the user's threads, each with a delete button; reports every render. */
function Inbox({ onRender }: { onRender?: (threads: ChatThreadItem[], pending: boolean) => void }) {
  const { threads } = useChatThreads();
  const remove = useDeleteChatThread();
  onRender?.(threads, remove.isPending);
  return (
    <ul>
      {threads.map((t) => (
        <li key={t.id}>
          {t.topic} <button onClick={() => remove.mutate(t.id)}>delete {t.topic}</button>
        </li>
      ))}
    </ul>
  );
}

/** The next DELETE answers after 300 ms: time to see the optimistic state. */
function slowNextDelete() {
  emu.emulator.faults.add({ method: 'DELETE', path: '/chat/threads/*', latencyMs: 300, times: 1 });
}

async function seeded(threads: number) {
  const { users } = await emu.emulator.seed({ users: 1, threads, topic: 'T' });
  return users[0]!;
}

describe('useDeleteChatThread', () => {
  it('removes the thread from every list before the server answers', async () => {
    const ann = await seeded(5);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      small: useChatThreads({ pageSize: 2 }),
      large: useChatThreads({ pageSize: 10 }),
      remove: useDeleteChatThread(),
      pending: useMutationState({
        filters: {
          mutationKey: h.keys.mutations.deleteThread(),
          status: 'pending',
        },
        select: (mutation) => mutation.state.variables as string,
      }),
    }));
    await waitFor(() => expect(result.current.large.threads).toHaveLength(5));
    await waitFor(() => expect(result.current.small.threads).toHaveLength(2));
    const target = result.current.large.threads[1]!;
    emu.emulator.faults.add({
      method: 'DELETE',
      path: '/chat/threads/*',
      latencyMs: 400,
      times: 1,
    });
    act(() => result.current.remove.mutate(target.id));
    await waitFor(() => expect(result.current.remove.isPending).toBe(true));
    // Gone from both lists while the DELETE is still in flight.
    await waitFor(() =>
      expect(result.current.large.threads.map((t) => t.topic)).toEqual([
        'T 5',
        'T 3',
        'T 2',
        'T 1',
      ]),
    );
    expect(result.current.small.threads.map((t) => t.topic)).toEqual(['T 5']);
    expect(result.current.pending).toEqual([target.id]);
    expect(emu.emulator.getThread(target.id)?.deletedOn).toBeUndefined();
    emu.emulator.clearRequests();
    await waitFor(() => expect(result.current.remove.isSuccess).toBe(true));
    expect(emu.emulator.getThread(target.id)?.deletedOn).toBeDefined();
    // No refetch: the caches list the thread as the service does, in its place with deletedOn,
    // and the hooks hide it unless includeDeleted.
    expect(requestsTo(emu, 'GET', /\/chat\/threads$/)).toEqual([]);
    expect(result.current.large.threads.map((t) => t.topic)).toEqual(['T 5', 'T 3', 'T 2', 'T 1']);
    const cached = h.queryClient.getQueryData(h.keys.threads({ pageSize: 10 }))!;
    expect(cached.pages[0]!.items.map((t) => [t.topic, t.deletedOn !== undefined])).toEqual([
      ['T 5', false],
      ['T 4', true],
      ['T 3', false],
      ['T 2', false],
      ['T 1', false],
    ]);
  });

  it('never renders the mutation pending with the thread still listed', async () => {
    const ann = await seeded(3);
    const h = harness(emu, ann);
    const renders: Array<{ pending: boolean; listed: boolean }> = [];
    let target = '';
    slowNextDelete();
    render(
      <Inbox
        onRender={(threads, pending) =>
          renders.push({ pending, listed: threads.some((t) => t.id === target) })
        }
      />,
      { wrapper: h.wrapper },
    );
    const button = await screen.findByText('delete T 2');
    target = h.queryClient
      .getQueryData(threadsQuery(h.scope).queryKey)!
      .pages[0]!.items.find((t) => t.topic === 'T 2')!.id;
    act(() => button.click());
    await waitFor(() => expect(screen.queryByText('delete T 2')).toBeNull());
    await waitFor(() => expect(renders.at(-1)?.pending).toBe(false));
    expect(renders.filter((r) => r.pending && r.listed)).toEqual([]);
    expect(renders.some((r) => r.pending && !r.listed)).toBe(true);
  });

  it('restores every list exactly, in order, when the server fails', async () => {
    const ann = await seeded(5);
    // The DELETE waits until the optimistic state is seen; the list refetch that follows the
    // failure waits until the lists are seen restored, so only the rollback can have restored them.
    const deleteHeld = gate();
    const refetchHeld = gate();
    let deletes = 0;
    let refetches = 0;
    let failed = false;
    const fetch = holdingFetch((request) => {
      if (request.method === 'DELETE') return deletes++ === 0 ? deleteHeld.opened : undefined;
      const isList =
        request.method === 'GET' && /\/chat\/threads$/.test(new URL(request.url).pathname);
      if (!isList || !failed) return undefined;
      refetches++;
      return refetchHeld.opened;
    });
    const h = harness(emu, ann, { fetch });
    const { result } = renderChatHook(h, () => ({
      small: useChatThreads({ pageSize: 2 }),
      large: useChatThreads({ pageSize: 10 }),
      remove: useDeleteChatThread(),
    }));
    await waitFor(() => expect(result.current.large.threads).toHaveLength(5));
    await waitFor(() => expect(result.current.small.threads).toHaveLength(2));
    const before = h.queryClient.getQueriesData({ queryKey: h.keys.threadLists() });
    const target = result.current.large.threads[0]!;
    emu.emulator.faults.add({ method: 'DELETE', path: '/chat/threads/*', status: 500, times: 2 });
    act(() => result.current.remove.mutate(target.id));
    await waitFor(() => expect(result.current.large.threads).toHaveLength(4));
    expect(result.current.small.threads.map((t) => t.topic)).toEqual(['T 4']);
    expect(deletes).toBe(1);
    failed = true;
    deleteHeld.open();
    await waitFor(() => expect(refetches).toBeGreaterThan(0));
    await waitFor(() =>
      expect(result.current.large.threads.map((t) => t.topic)).toEqual([
        'T 5',
        'T 4',
        'T 3',
        'T 2',
        'T 1',
      ]),
    );
    expect(result.current.small.threads.map((t) => t.topic)).toEqual(['T 5', 'T 4']);
    expect(h.queryClient.getQueriesData({ queryKey: h.keys.threadLists() })).toEqual(before);
    expect(result.current.remove.isPending).toBe(true); // the refetch is still held
    refetchHeld.open();
    await waitFor(() => expect(result.current.remove.isError).toBe(true));
    expect(isChatError(result.current.remove.error)).toBe(true);
    expect(result.current.remove.error?.statusCode).toBe(500);
    expect(h.queryClient.getQueriesData({ queryKey: h.keys.threadLists() })).toEqual(before);
  });

  it('rolls back one failed deletion without bringing back another still in flight', async () => {
    const ann = await seeded(3);
    // Both DELETEs are held: the first until the test has seen both optimistic removals (a fast
    // failure could otherwise roll back before anyone looked), the second until the first has
    // failed and been rolled back.
    const firstHeld = gate();
    const secondHeld = gate();
    const held = { first: '', second: '' };
    const fetch = holdingFetch((request) => {
      if (request.method !== 'DELETE') return undefined;
      if (held.first !== '' && request.url.includes(held.first)) return firstHeld.opened;
      if (held.second !== '' && request.url.includes(held.second)) return secondHeld.opened;
      return undefined;
    });
    const h = harness(emu, ann, { fetch });
    const { result } = renderChatHook(h, () => {
      const list = useChatThreads();
      // isFetching read in render, so its change re-renders (TanStack tracks what was read).
      return {
        list,
        fetching: list.isFetching,
        first: useDeleteChatThread(),
        second: useDeleteChatThread(),
      };
    });
    await waitFor(() => expect(result.current.list.threads).toHaveLength(3));
    const [a, b] = result.current.list.threads;
    held.first = encodeURIComponent(a!.id);
    held.second = encodeURIComponent(b!.id);
    emu.emulator.faults.add({
      method: 'DELETE',
      path: `/chat/threads/${encodeURIComponent(a!.id)}`,
      status: 500,
    });
    act(() => result.current.first.mutate(a!.id));
    await waitFor(() => expect(result.current.list.threads).toHaveLength(2));
    act(() => result.current.second.mutate(b!.id));
    await waitFor(() => expect(result.current.list.threads).toHaveLength(1));
    firstHeld.open();
    await waitFor(() => expect(result.current.first.isError).toBe(true));
    expect(result.current.second.isPending).toBe(true);
    expect(result.current.list.threads.map((t) => t.topic)).toEqual(['T 3', 'T 1']);
    secondHeld.open();
    await waitFor(() => expect(result.current.second.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.fetching).toBe(false));
    expect(result.current.list.threads.map((t) => t.topic)).toEqual(['T 3', 'T 1']);
    emu.emulator.faults.clear();
  });
});

describe('useDeleteChatThread in a rendered list', () => {
  it('renders a list and removes a row on click', async () => {
    const ann = await seeded(2);
    const h = harness(emu, ann);
    slowNextDelete();
    render(<Inbox />, { wrapper: h.wrapper });
    const button = await screen.findByText('delete T 1');
    act(() => button.click());
    await waitFor(() => expect(screen.queryByText('delete T 1')).toBeNull());
    expect(screen.getByText('delete T 2')).toBeTruthy();
  });
});
