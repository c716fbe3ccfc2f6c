// A read the user made wins over any answer to a request that left before it, over HTTP to the
// emulator: opening a thread (useMarkChatThreadRead, polling, no real-time) sends the receipt while
// the summary that the opening refetched is still on its way with the count from before.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  useChatThreadSummary,
  useMarkChatThreadRead,
  useUnreadChatCount,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate } from '../support/holding-fetch.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
});
afterAll(async () => {
  Reflect.deleteProperty(document, 'visibilityState');
  await emu.close();
});

describe('useMarkChatThreadRead', () => {
  it('keeps the thread read when the summary asked for before her receipt answers after it', async () => {
    const ann = await emu.user();
    const bob = await emu.user();
    const creator = new ChatClient(emu.url, new CommunicationTokenCredential(bob.token));
    const { chatThread } = await creator.createChatThread(
      { topic: 'Chat' },
      { participants: [{ id: { communicationUserId: ann.userId }, displayName: 'Ann' }] },
    );
    const threadId = chatThread!.id;
    const { id: one } = await creator.getChatThreadClient(threadId).sendMessage({ content: 'one' });
    creator.close();

    // Once armed: the summary's read of her receipts leaves, and the service answers it (without
    // the receipt to come); the receipt leaves only then; that answer is handed over only when
    // the test says, after the receipt is done. Nothing is made up: both go to the emulator.
    let armed = false;
    const answered = gate();
    const handOver = gate();
    const h = harness(emu, ann, {
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const { pathname, searchParams } = new URL(request.url);
        if (!armed || !pathname.endsWith('/readReceipts')) return fetch(request);
        if (request.method === 'POST') {
          await answered.opened;
          return fetch(request);
        }
        if (searchParams.get('maxPageSize') !== '200') return fetch(request);
        const response = await fetch(request);
        answered.open();
        await handOver.opened;
        return response;
      },
    });
    // The inbox: the row and the title's count.
    const row = renderChatHook(h, () => useChatThreadSummary(threadId));
    const title = renderChatHook(h, () => useUnreadChatCount());
    await waitFor(() => expect(row.result.current.data?.unreadCount).toBe(1));
    await waitFor(() => expect(title.result.current).toBe(1));

    // She opens the thread: its summary is read again on mount, and the receipt sent.
    armed = true;
    const opened = renderChatHook(h, () => useMarkChatThreadRead(threadId));
    await waitFor(() => expect(opened.result.current.isSuccess).toBe(true));
    expect(opened.result.current.variables).toBe(one);
    await waitFor(() => expect(row.result.current.data?.unreadCount).toBe(0));
    act(() => handOver.open());
    await waitFor(() => expect(h.queryClient.isFetching()).toBe(0));
    // What the cache holds once the summary's answer is in (what the row and the title show).
    expect(h.queryClient.getQueryData(h.keys.threadSummary(threadId))).toMatchObject({
      unreadCount: 0,
      unreadMessageIds: [],
      lastReadMessageId: one,
    });
    await waitFor(() => expect(row.result.current.data?.lastReadMessageId).toBe(one));
    expect(row.result.current.data?.unreadCount).toBe(0);
    expect(title.result.current).toBe(0);

    // A reload agrees.
    const reload = harness(emu, ann);
    const again = renderChatHook(reload, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(again.result.current.isSuccess).toBe(true));
    expect(again.result.current.data?.unreadCount).toBe(0);
  });
});
