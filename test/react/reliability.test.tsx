// Optimistic deletes under a failing server, many at once: whatever fails comes back to every
// cached list in its old place, whatever succeeds stays gone, and the caches agree with the
// server afterwards. Prints its figures for the notes.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatError, useChatThreads, useDeleteChatThread } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate, holdingFetch } from '../support/holding-fetch.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('optimistic deletes under failure', () => {
  it('rolls back every failed delete in every cached list, in order', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 60, topic: 'T' });
    // List requests are held from the deletes on until the test has seen the rolled-back lists:
    // until then only the rollbacks, not a refetch, can have put failed threads back.
    let holding = false;
    let held = 0;
    const refetches = gate();
    const fetch = holdingFetch((request) => {
      if (!holding || request.method !== 'GET') return undefined;
      held++;
      return refetches.opened;
    });
    const h = harness(emu, users[0]!, { fetch });
    const { result } = renderChatHook(h, () => {
      const small = useChatThreads({ pageSize: 7 });
      const large = useChatThreads({ pageSize: 100 });
      const remove = useDeleteChatThread();
      // Read in render, as a screen's spinner does: TanStack re-renders only for what was read.
      return { small, large, remove, fetching: [small.isFetching, large.isFetching] };
    });
    await waitFor(() => expect(result.current.large.threads).toHaveLength(60));
    // Three pages of the small list, so deletes cross page boundaries.
    await act(() => result.current.small.fetchNextPage());
    await act(() => result.current.small.fetchNextPage());
    await waitFor(() => expect(result.current.small.threads).toHaveLength(21));
    const largeBefore = result.current.large.threads.map((t) => t.id);
    const smallBefore = result.current.small.threads.map((t) => t.id);

    // About half the deletes fail (500, after the core client's own retry too), at staggered latencies
    // so failures and successes interleave.
    emu.emulator.faults.seed(11);
    emu.emulator.faults.set([
      { method: 'DELETE', path: '/chat/threads/*', rate: 0.7, status: 500, latencyMs: 30 },
      { method: 'DELETE', path: '/chat/threads/*', latencyMs: 60 },
    ]);
    const targets = largeBefore.filter((_, index) => index % 3 === 0); // 20, across both lists
    const outcomes = new Map<string, 'deleted' | 'failed' | 'other'>();
    holding = true;
    let all: Promise<unknown> = Promise.resolve();
    act(() => {
      all = Promise.all(
        targets.map((id) =>
          result.current.remove
            .mutateAsync(id)
            .then(() => outcomes.set(id, 'deleted'))
            .catch((error: unknown) => outcomes.set(id, isChatError(error) ? 'failed' : 'other')),
        ),
      );
    });
    // The last delete to settle revalidates the lists (and waits for that); the others are done.
    await waitFor(() => expect(outcomes.size).toBe(targets.length - 1));
    await waitFor(() => expect(held).toBeGreaterThan(0));
    const deleted = new Set(targets.filter((id) => emu.emulator.getThread(id)?.deletedOn));
    const failed = targets.length - deleted.size;
    expect(deleted.size).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);

    // Before the revalidation lands: each list is its old self minus what was really deleted.
    const expectLarge = largeBefore.filter((id) => !deleted.has(id));
    const expectSmall = smallBefore.filter((id) => !deleted.has(id));
    await waitFor(() => {
      expect(result.current.large.threads.map((t) => t.id)).toEqual(expectLarge);
      expect(result.current.small.threads.map((t) => t.id)).toEqual(expectSmall);
    });

    // And after it: the server agrees, and each delete's outcome is what the server did.
    emu.emulator.faults.clear();
    refetches.open();
    await act(() => all);
    expect(outcomes).toEqual(
      new Map(targets.map((id) => [id, deleted.has(id) ? 'deleted' : 'failed'])),
    );
    await waitFor(() => expect(result.current.fetching).toEqual([false, false]));
    expect(result.current.large.threads.map((t) => t.id)).toEqual(expectLarge);
    expect(result.current.small.threads.map((t) => t.id)).toEqual(expectSmall);
    console.log(
      `optimistic deletes: ${targets.length} concurrent, ${deleted.size} succeeded, ` +
        `${failed} failed and rolled back in 2 cached lists (page sizes 7 x 3 pages and 100), ` +
        'order preserved, caches equal to the server after revalidation',
    );
  }, 30_000);
});
