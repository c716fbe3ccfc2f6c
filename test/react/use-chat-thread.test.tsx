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
    expect(result.current.missing.error?.statusCode).toBe(404);
    expect(isChatError(result.current.missing.error)).toBe(true);
  });
});

describe('query hooks', () => {
  it("take TanStack's options after the factory's", async () => {
    const { users, threadIds } = await emu.emulator.seed({ users: 1, threads: 1, topic: 'Q' });
    const h = harness(emu, users[0]!);
    emu.emulator.clearRequests();
    const idle = renderChatHook(h, () => useChatThread(threadIds[0]!, { enabled: false }));
    expect(idle.result.current.fetchStatus).toBe('idle');
    expect(requestsTo(emu, 'GET', /^\/chat\/threads\/[^/]+$/)).toHaveLength(0);
    const { result } = renderChatHook(h, () => useChatThread(threadIds[0]!, { staleTime: 60_000 }));
    await waitFor(() => expect(result.current.data?.topic).toBe('Q 1'));
    expect(requestsTo(emu, 'GET', /^\/chat\/threads\/[^/]+$/)).toHaveLength(1);
  });
});
