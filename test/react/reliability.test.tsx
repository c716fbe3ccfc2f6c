// Optimistic deletes under a failing server, many at once: whatever fails comes back to every
// cached list in its old place, whatever succeeds stays gone, and the caches agree with the
// server afterwards. Prints its figures for the notes.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatError, useChatThreads, useDeleteChatThread } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('optimistic deletes under failure', () => {
  it('rolls back every failed delete in every cached list, in order', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 60, topic: 'T' });
    const h = harness(emu, users[0]!);
    const { result } = renderChatHook(h, () => ({
      small: useChatThreads({ pageSize: 7 }),
      large: useChatThreads({ pageSize: 100 }),
      remove: useDeleteChatThread(),
    }));
    await waitFor(() => expect(result.current.large.threads).toHaveLength(60));
    // Three pages of the small list, so deletes cross page boundaries.
    await act(() => result.current.small.fetchNextPage());
    await act(() => result.current.small.fetchNextPage());
    await waitFor(() => expect(result.current.small.threads).toHaveLength(21));
    const largeBefore = result.current.large.threads.map((t) => t.id);
    const smallBefore = result.current.small.threads.map((t) => t.id);

    // About half the deletes fail (500, after the core client's own retry too), at staggered latencies
    // so failures and successes interleave; list refetches are held back until the end.
    emu.emulator.faults.seed(11);
    emu.emulator.faults.set([
      { method: 'GET', path: '/chat/threads', latencyMs: 400 },
      { method: 'DELETE', path: '/chat/threads/*', rate: 0.7, status: 500, latencyMs: 30 },
      { method: 'DELETE', path: '/chat/threads/*', latencyMs: 60 },
    ]);
    const targets = largeBefore.filter((_, index) => index % 3 === 0); // 20, across both lists
    const outcomes = new Map<string, 'deleted' | 'failed'>();
    await act(async () => {
      await Promise.all(
        targets.map((id) =>
          result.current.remove
            .mutateAsync(id)
            .then(() => outcomes.set(id, 'deleted'))
            .catch((error: unknown) => {
              expect(isChatError(error)).toBe(true);
              outcomes.set(id, 'failed');
            }),
        ),
      );
    });
    const deleted = new Set([...outcomes].filter(([, o]) => o === 'deleted').map(([id]) => id));
    const failed = targets.length - deleted.size;
    expect(deleted.size).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);

    // Before any revalidation lands: each list is its old self minus what was really deleted.
    const expectLarge = largeBefore.filter((id) => !deleted.has(id));
    const expectSmall = smallBefore.filter((id) => !deleted.has(id));
    expect(result.current.large.threads.map((t) => t.id)).toEqual(expectLarge);
    expect(result.current.small.threads.map((t) => t.id)).toEqual(expectSmall);
    for (const id of deleted) expect(emu.emulator.getThread(id)?.deletedOn).toBeDefined();

    // And after it: the server agrees.
    emu.emulator.faults.clear();
    await waitFor(() => expect(result.current.large.isFetching).toBe(false), { timeout: 5000 });
    await waitFor(() => expect(result.current.small.isFetching).toBe(false), { timeout: 5000 });
    expect(result.current.large.threads.map((t) => t.id)).toEqual(expectLarge);
    console.log(
      `optimistic deletes: ${targets.length} concurrent, ${deleted.size} succeeded, ` +
        `${failed} failed and rolled back in 2 cached lists (page sizes 7 x 3 pages and 100), ` +
        'order preserved, caches equal to the server after revalidation',
    );
  }, 20_000);
});
