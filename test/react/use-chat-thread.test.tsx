// useChatThread: a thread's properties, and TanStack's options applied after the factory's.
import { waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatError, useChatThread } from '../../src/react/index.ts';
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

describe('useChatThread', () => {
  it('reads the properties and surfaces a 404 as a ChatError', async () => {
    const ann = await seeded(1);
    const h = harness(emu, ann);
    const { value: item } = await h.client.listChatThreads().next();
    const { result } = renderChatHook(h, () => ({
      found: useChatThread(item!.id),
      missing: useChatThread('19:missing@thread.v2'),
    }));
    await waitFor(() => expect(result.current.found.data?.topic).toBe('T 1'));
    expect(result.current.found.data?.createdBy).toMatchObject({ communicationUserId: ann.userId });
    await waitFor(() => expect(result.current.missing.isError).toBe(true));
    expect(result.current.missing.error).toMatchObject({ statusCode: 404, code: 'NotFound' });
    expect(isChatError(result.current.missing.error)).toBe(true);
  });
});

/** The GETs of one thread's properties the emulator received since its log was cleared. */
const propertyReads = (threadId: string) =>
  requestsTo(emu, 'GET', /^\/chat\/threads\/[^/]+$/).filter(
    (r) => decodeURIComponent(new URL(r.url).pathname) === `/chat/threads/${threadId}`,
  ).length;

describe("useChatThread with TanStack's options", () => {
  // Each case beside a query that does ask, mounted with it: once that one is answered and nothing
  // is fetching, the hook under test has had every chance to ask too.
  it("applies them after the factory's: enabled false asks nothing, staleTime keeps a remount from asking", async () => {
    const { users, threadIds } = await emu.emulator.seed({ users: 1, threads: 2, topic: 'Q' });
    const [idleId, shownId] = threadIds as [string, string];
    const h = harness(emu, users[0]!);
    emu.emulator.clearRequests();
    const settled = () => waitFor(() => expect(h.queryClient.isFetching()).toBe(0));

    const first = renderChatHook(h, () => ({
      idle: useChatThread(idleId, { enabled: false }),
      shown: useChatThread(shownId),
    }));
    await waitFor(() => expect(first.result.current.shown.data?.id).toBe(shownId));
    await settled();
    expect([propertyReads(idleId), propertyReads(shownId)]).toEqual([0, 1]);
    expect(first.result.current.idle).toMatchObject({ fetchStatus: 'idle', data: undefined });
    first.unmount();

    // Remounted within its staleTime: no request, while the thread enabled now asks.
    const second = renderChatHook(h, () => ({
      fresh: useChatThread(shownId, { staleTime: 60_000 }),
      enabled: useChatThread(idleId),
    }));
    expect(second.result.current.fresh.data?.id).toBe(shownId);
    await waitFor(() => expect(second.result.current.enabled.data?.id).toBe(idleId));
    await settled();
    expect([propertyReads(idleId), propertyReads(shownId)]).toEqual([1, 1]);
    second.unmount();

    // Without it, the same remount asks again: the staleTime above was what held it.
    const third = renderChatHook(h, () => useChatThread(shownId));
    await waitFor(() => expect(propertyReads(shownId)).toBe(2));
    await waitFor(() => expect(third.result.current.isFetching).toBe(false));
  });
});
