import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import { isChatError, threadsQuery, useChatThreads } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { holdingFetch } from '../support/holding-fetch.ts';
import { harness, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

async function userWithThreads(count: number): Promise<EmulatorUser> {
  const { users } = await emu.emulator.seed({ users: 1, threads: count, topic: 'T' });
  return users[0]!;
}

describe('useChatThreads', () => {
  it('pages through a 3-page list to the end and stops', async () => {
    const ann = await userWithThreads(7);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreads({ pageSize: 3 }));
    await waitFor(() => expect(result.current.threads).toHaveLength(3));
    expect(result.current.threads.map((t) => t.topic)).toEqual(['T 7', 'T 6', 'T 5']);
    expect(result.current.hasNextPage).toBe(true);
    emu.emulator.clearRequests();
    let pages = 1;
    while (result.current.hasNextPage) {
      await act(() => result.current.fetchNextPage());
      pages++;
      await waitFor(() => expect(result.current.isFetchingNextPage).toBe(false));
    }
    expect(pages).toBe(3);
    expect(result.current.threads.map((t) => t.topic)).toEqual([
      'T 7',
      'T 6',
      'T 5',
      'T 4',
      'T 3',
      'T 2',
      'T 1',
    ]);
    // It stopped: two page requests after the first, and none for a page after the last.
    expect(requestsTo(emu, 'GET', /^\/chat\/threads$/)).toHaveLength(2);
    await act(() => result.current.fetchNextPage());
    expect(requestsTo(emu, 'GET', /^\/chat\/threads$/)).toHaveLength(2);
    expect(result.current.data).toBe(result.current.threads);
  });
});

describe('useChatThreads caching and filtering', () => {
  it('makes no request on remount within staleTime', async () => {
    const ann = await userWithThreads(2);
    const h = harness(emu, ann);
    const first = renderChatHook(h, () => useChatThreads({ pageSize: 5 }));
    await waitFor(() => expect(first.result.current.threads).toHaveLength(2));
    first.unmount();
    h.queryClient.setDefaultOptions({ queries: { staleTime: 60_000, retry: false } });
    emu.emulator.clearRequests();
    // Beside it, a list not cached yet: once its page is in and nothing is fetching, the remounted
    // list has had every chance to ask as well.
    const second = renderChatHook(h, () => ({
      cached: useChatThreads({ pageSize: 5 }),
      uncached: useChatThreads({ pageSize: 4 }),
    }));
    expect(second.result.current.cached.threads).toHaveLength(2);
    await waitFor(() => expect(second.result.current.uncached.threads).toHaveLength(2));
    await waitFor(() => expect(h.queryClient.isFetching()).toBe(0));
    const pageSizes = requestsTo(emu, 'GET', /^\/chat\/threads$/).map((r) =>
      new URL(r.url).searchParams.get('maxPageSize'),
    );
    expect(pageSizes).toEqual(['4']);
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it('keeps the same objects when a refetch changes nothing, Dates included', async () => {
    const ann = await userWithThreads(3);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreads());
    await waitFor(() => expect(result.current.threads).toHaveLength(3));
    const before = result.current.threads;
    const raw = h.queryClient.getQueryData(threadsQuery(h.scope).queryKey);
    await act(() => result.current.refetch());
    await waitFor(() => expect(result.current.isFetching).toBe(false));
    expect(h.queryClient.getQueryData(threadsQuery(h.scope).queryKey)).toBe(raw);
    expect(result.current.threads).toBe(before);
  });

  it('hides deleted threads unless includeDeleted', async () => {
    const ann = await userWithThreads(3);
    const h = harness(emu, ann);
    const listed = renderChatHook(h, () => useChatThreads());
    await waitFor(() => expect(listed.result.current.threads).toHaveLength(3));
    const gone = listed.result.current.threads[1]!;
    await h.client.deleteChatThread(gone.id);
    await act(() => listed.result.current.refetch());
    await waitFor(() => expect(listed.result.current.threads).toHaveLength(2));
    expect(listed.result.current.threads.map((t) => t.id)).not.toContain(gone.id);
    const all = renderChatHook(h, () => useChatThreads({ includeDeleted: true }));
    await waitFor(() => expect(all.result.current.threads).toHaveLength(3));
    expect(all.result.current.threads[1]).toMatchObject({ id: gone.id });
    expect(all.result.current.threads[1]!.deletedOn).toBeInstanceOf(Date);
  });

  it('lists each thread once when pages overlap', async () => {
    const ann = await userWithThreads(4);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreads({ pageSize: 2 }));
    await waitFor(() => expect(result.current.threads).toHaveLength(2));
    // Read before the edit, so TanStack tracks it and re-renders when it changes.
    expect(result.current.hasNextPage).toBe(true);
    // Activity moves the oldest thread to the top: the next page, cut by cursor, still holds what
    // was on page one before it moved.
    const { queryKey } = threadsQuery(h.scope, { pageSize: 2 });
    const cached = h.queryClient.getQueryData(queryKey)!;
    h.queryClient.setQueryData(queryKey, {
      ...cached,
      pages: [
        cached.pages[0]!,
        { items: [cached.pages[0]!.items[1]!], continuationToken: undefined },
      ],
      pageParams: [undefined, 'x'],
    });
    // The edited cache has no next page: waiting for that waits for the render of the new pages.
    await waitFor(() => expect(result.current.hasNextPage).toBe(false));
    expect(result.current.threads.map((t) => t.id)).toEqual(
      cached.pages[0]!.items.map((t) => t.id),
    );
  });

  it('passes the abort signal: unmounting cancels the request', async () => {
    const ann = await userWithThreads(1);
    const signals: AbortSignal[] = [];
    // Each request is held until its signal aborts, then goes on to the emulator (and fails).
    const fetch = holdingFetch(({ signal }) => {
      signals.push(signal);
      return new Promise((resolve) => signal.addEventListener('abort', resolve));
    });
    const h = harness(emu, ann, { fetch });
    const { result, unmount } = renderChatHook(h, () => useChatThreads());
    await waitFor(() => expect(signals).toHaveLength(1));
    expect(result.current.isFetching).toBe(true);
    unmount();
    await waitFor(() => expect(signals[0]!.aborted).toBe(true));
  });

  it('surfaces a typed ChatError', async () => {
    const ann = await emu.user();
    const h = harness(emu, ann);
    emu.emulator.faults.add({ method: 'GET', path: '/chat/threads', status: 500, times: 2 });
    const { result } = renderChatHook(h, () => useChatThreads());
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(isChatError(result.current.error)).toBe(true);
    expect(result.current.error).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
  });
});

describe('useChatThreads result', () => {
  // `threads` is served beside TanStack's result (see with-field.ts), yet behaves as a field.
  it('has `threads` as a field: listed, spread and destructured', async () => {
    const ann = await userWithThreads(2);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreads());
    await waitFor(() => expect(result.current.threads).toHaveLength(2));
    expect('threads' in result.current).toBe(true);
    expect(Object.keys(result.current)).toContain('threads');
    expect({ ...result.current }.threads).toBe(result.current.data);
    const { threads, isSuccess, ...rest } = result.current;
    expect([threads.length, isSuccess, 'fetchNextPage' in rest]).toEqual([2, true, true]);
  });
});
