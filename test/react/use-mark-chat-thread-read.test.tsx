// useMarkChatThreadRead: a read receipt for the newest message from others while the thread is in
// view and the page visible; nothing for her own or the service's messages.
import { act, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  applyChatEvent,
  useChatThreadSummary,
  useMarkChatThreadRead,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook, requestsTo } from './helpers.tsx';
import { asEvent, pair, say } from './pair.ts';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('useMarkChatThreadRead', () => {
  let visibility: DocumentVisibilityState = 'visible';
  beforeAll(() => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => visibility,
    });
  });
  afterEach(() => {
    visibility = 'visible';
  });
  afterAll(() => {
    Reflect.deleteProperty(document, 'visibilityState');
  });
  const show = (state: DocumentVisibilityState) =>
    act(() => {
      visibility = state;
      document.dispatchEvent(new Event('visibilitychange'));
    });
  /** The receipts Ann's client sent since the log was cleared: their message ids. */
  const receiptsSent = () =>
    requestsTo(emu, 'POST', /\/readReceipts$/).map(
      (r) => (JSON.parse(r.body) as { chatMessageId: string }).chatMessageId,
    );

  it('sends one receipt per newest message from others while visible, none for her own or system messages', async () => {
    const { ann, threadId, annThread, bobThread } = await pair(emu);
    await say(bobThread, 'one', 'Bob');
    const two = await say(bobThread, 'two', 'Bob');
    emu.emulator.clearRequests();
    show('hidden');
    const h = harness(emu, ann);
    const { result, rerender } = renderChatHook(
      h,
      (props: { enabled: boolean }) => ({
        mark: useMarkChatThreadRead(threadId, props),
        summary: useChatThreadSummary(threadId),
      }),
      { initialProps: { enabled: true } },
    );
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(2));
    // A background tab reads nothing.
    expect(receiptsSent()).toEqual([]);
    show('visible');
    // Hidden and shown again while the receipt is on its way: still one receipt.
    show('hidden');
    show('visible');
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(0));
    expect(receiptsSent()).toEqual([two.id]);

    // Bob writes: read at once, once.
    const three = await say(bobThread, 'three', 'Bob');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, three)));
    await waitFor(() => expect(receiptsSent()).toEqual([two.id, three.id]));
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(0));

    // Her own message from another device, and a system message (she renames the thread): nothing.
    const mine = await say(annThread, 'mine', 'Ann');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, mine)));
    await annThread.updateTopic('Renamed');
    const [renamed] = (await annThread.listMessages({ maxPageSize: 1 }).page()).items;
    expect(renamed!.type).toBe('topicUpdated');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, renamed!)));
    await waitFor(() =>
      expect(result.current.summary.data?.lastMessage?.type).toBe('topicUpdated'),
    );

    // The list out of view (enabled: false): Bob's next message waits until it is back.
    rerender({ enabled: false });
    const four = await say(bobThread, 'four', 'Bob');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, four)));
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(1));
    expect(receiptsSent()).toEqual([two.id, three.id]);
    rerender({ enabled: true });
    await waitFor(() => expect(receiptsSent()).toEqual([two.id, three.id, four.id]));
    await waitFor(() =>
      expect(result.current.mark.isIdle || result.current.mark.isSuccess).toBe(true),
    );
    expect(result.current.summary.data?.unreadCount).toBe(0);

    // A reload (a new cache) still finds nothing unread, and sends nothing.
    const reload = harness(emu, ann);
    const again = renderChatHook(reload, () => ({
      mark: useMarkChatThreadRead(threadId),
      summary: useChatThreadSummary(threadId),
    }));
    await waitFor(() => expect(again.result.current.summary.isSuccess).toBe(true));
    expect(again.result.current.summary.data?.unreadCount).toBe(0);
    expect(receiptsSent()).toEqual([two.id, three.id, four.id]);
  });
});
