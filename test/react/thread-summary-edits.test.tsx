// Thread summaries kept current without refetching (an event, a poll, a send, a receipt, a delete),
// and useUnreadChatCount, over HTTP to the emulator: what the service holds is real, the events are
// applied as the provider's real-time source applies them.
import { hashKey } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyChatEvent,
  ChatProvider,
  maxCountedUnread,
  useChatMessages,
  useChatParticipants,
  useChatThreadSummary,
  useDeleteChatMessage,
  useReadReceipts,
  useSendChatMessage,
  useSendReadReceipt,
  useUnreadChatCount,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { receivedEvent, ScriptedRealtime } from '../support/scripted-realtime.ts';
import { harness, renderChatHook, requestsTo, type ChatHarness } from './helpers.tsx';
import { asEvent, pair, say } from './pair.ts';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** Counts the fetches of summary queries from now on (cache edits are not fetches). */
function summaryFetches(h: ChatHarness) {
  let count = 0;
  const stop = h.queryClient.getQueryCache().subscribe((e) => {
    if (e.type === 'updated' && e.action.type === 'fetch' && e.query.queryKey[5] === 'summary')
      count++;
  });
  return {
    get count() {
      return count;
    },
    stop,
  };
}

describe('useChatThreadSummary counts', () => {
  it("stops at the user's own latest message, never counts system messages, and names who did what", async () => {
    const { ann, bob, threadId, annThread, bobThread } = await pair(emu);
    await say(bobThread, 'one', 'Bob');
    await say(bobThread, 'two', 'Bob');
    const mine = await say(annThread, 'mine', 'Ann');
    const three = await say(bobThread, 'three', 'Bob');
    await bobThread.sendMessage(
      { content: '<p>four &amp;\n more</p>' },
      { senderDisplayName: 'Bob', type: 'html' },
    );
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toMatchObject({
      unreadCount: 2,
      unreadCapped: false,
      lastReadOn: mine.createdOn,
      lastMessage: { type: 'html', senderDisplayName: 'Bob', preview: 'four & more' },
    });
    expect(result.current.data!.unreadMessageIds[1]).toBe(three.id);

    // Ann adds Carl: a system message, the newest, which counts for no one.
    const carl = await emu.user();
    await annThread.addParticipants({
      participants: [{ id: { communicationUserId: carl.userId }, displayName: 'Carl' }],
    });
    const bobView = harness(emu, bob);
    const names = renderChatHook(bobView, () => useChatParticipants(threadId));
    await waitFor(() => expect(names.result.current.isSuccess).toBe(true));
    const forBob = renderChatHook(bobView, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(forBob.result.current.isSuccess).toBe(true));
    expect(forBob.result.current.data).toMatchObject({
      unreadCount: 0,
      lastMessage: { type: 'participantAdded', preview: 'Ann added Carl' },
    });
    const forAnn = renderChatHook(harness(emu, ann), () => useChatThreadSummary(threadId));
    await waitFor(() => expect(forAnn.result.current.isSuccess).toBe(true));
    expect(forAnn.result.current.data).toMatchObject({
      unreadCount: 2,
      lastMessage: { type: 'participantAdded', preview: 'You added Carl' },
    });
  });

  // The cap keeps the newest: the ones a receipt from elsewhere clears last.
  it('holds exactly the newest 100 of 150 unread, newest first, and says the count is capped', async () => {
    const { ann, threadId, annThread, bobThread } = await pair(emu);
    const read = await say(bobThread, 'before', 'Bob');
    await annThread.sendReadReceipt({ chatMessageId: read.id });
    const sent: string[] = [];
    for (let i = 1; i <= 150; i++)
      sent.unshift((await bobThread.sendMessage({ content: `News ${i}` })).id);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toMatchObject({
      unreadCount: maxCountedUnread,
      unreadCapped: true,
      unreadMessageIds: sent.slice(0, maxCountedUnread),
    });
  });
});

describe('a summary kept current by cache edits', () => {
  it('follows an event, a receipt from another device, a delete, a send and a receipt from here, with no request', async () => {
    const { ann, threadId, bobThread } = await pair(emu);
    await say(bobThread, 'one', 'Bob');
    await say(bobThread, 'two', 'Bob');
    const h = harness(emu, ann);
    // The total in a component of its own, as in a title bar: it re-renders on a summary's change.
    const badge = renderChatHook(h, () => useUnreadChatCount());
    const { result } = renderChatHook(h, () => ({
      summary: useChatThreadSummary(threadId),
      list: useChatMessages(threadId),
      send: useSendChatMessage(threadId),
      receipt: useSendReadReceipt(threadId),
      remove: useDeleteChatMessage(threadId),
    }));
    await waitFor(() => expect(result.current.summary.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    expect(result.current.summary.data?.unreadCount).toBe(2);
    await waitFor(() => expect(badge.result.current).toBe(2));
    const fetches = summaryFetches(h);
    emu.emulator.clearRequests();
    const unread = () => result.current.summary.data!.unreadCount;

    // A message from Bob, as an event; the same event again (a replay) counts once.
    const three = await say(bobThread, 'three', 'Bob');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, three)));
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, three)));
    await waitFor(() => expect(unread()).toBe(3));
    expect(badge.result.current).toBe(3);
    expect(result.current.summary.data!.lastMessage?.preview).toBe('three');

    // Ann read up to 'two' on her phone: only 'three' is left.
    const [, two] = result.current.list.messages.filter((m) => m.type === 'text');
    const fromPhone = {
      sender: { kind: 'unknown' as const, id: ann.userId },
      readOn: new Date(Date.now() - 60_000),
    };
    act(() =>
      applyChatEvent(h.queryClient, h.scope, {
        type: 'readReceiptReceived',
        threadId,
        receipt: { ...fromPhone, chatMessageId: two!.id },
      }),
    );
    await waitFor(() =>
      expect(result.current.summary.data).toMatchObject({
        unreadCount: 1,
        lastReadOn: fromPhone.readOn,
      }),
    );

    // Bob deletes 'three': nothing unread, and the preview is the message before it.
    await bobThread.deleteMessage(three.id);
    act(() =>
      applyChatEvent(h.queryClient, h.scope, {
        type: 'messageDeleted',
        threadId,
        messageId: three.id,
      }),
    );
    await waitFor(() => expect(unread()).toBe(0));
    expect(result.current.summary.data!.lastMessage?.preview).toBe('two');

    // Bob writes again; Ann answers from here: sending counts as reading.
    const four = await say(bobThread, 'four', 'Bob');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, four)));
    await waitFor(() => expect(unread()).toBe(1));
    const sent = await act(() => result.current.send.mutateAsync({ content: 'on it' }));
    await waitFor(() =>
      expect(result.current.summary.data).toMatchObject({
        unreadCount: 0,
        lastReadOn: sent.createdOn,
        lastMessage: { id: sent.id, preview: 'on it' },
      }),
    );
    // She deletes it: the preview goes back to Bob's 'four', from the loaded messages.
    await act(() => result.current.remove.mutateAsync(sent.id));
    await waitFor(() => expect(result.current.summary.data!.lastMessage?.preview).toBe('four'));
    // Bob edits it: the preview follows.
    const edited = { ...four, content: { message: 'four, edited' }, editedOn: new Date() };
    act(() =>
      applyChatEvent(h.queryClient, h.scope, { type: 'messageEdited', threadId, message: edited }),
    );
    await waitFor(() =>
      expect(result.current.summary.data!.lastMessage?.preview).toBe('four, edited'),
    );

    // Bob writes; Ann reads it from here.
    const five = await say(bobThread, 'five', 'Bob');
    act(() => applyChatEvent(h.queryClient, h.scope, asEvent(threadId, five)));
    await waitFor(() => expect(badge.result.current).toBe(1));
    await act(() => result.current.receipt.mutateAsync(five.id));
    await waitFor(() => expect(unread()).toBe(0));
    expect(badge.result.current).toBe(0);

    // Not one summary fetch, nor a read of receipts or messages, through all of it.
    expect(fetches.count).toBe(0);
    expect(requestsTo(emu, 'GET', /\/readReceipts$/)).toEqual([]);
    expect(requestsTo(emu, 'GET', /\/messages$/)).toEqual([]);
    fetches.stop();
  });

  it('counts what a poll merges: Bob\u2019s messages once each, and Ann\u2019s from another device as reading', async () => {
    const { ann, threadId, annThread, bobThread } = await pair(emu);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      summary: useChatThreadSummary(threadId),
      list: useChatMessages(threadId, { refetchInterval: 20 }),
    }));
    await waitFor(() => expect(result.current.summary.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    expect(result.current.summary.data?.unreadCount).toBe(0);
    const fetches = summaryFetches(h);
    await say(bobThread, 'one', 'Bob');
    await say(bobThread, 'two', 'Bob');
    await waitFor(() => expect(result.current.list.messages[0]?.content?.message).toBe('two'));
    expect(result.current.summary.data?.unreadCount).toBe(2);
    await say(annThread, 'from my laptop', 'Ann');
    await waitFor(() =>
      expect(result.current.list.messages[0]?.content?.message).toBe('from my laptop'),
    );
    expect(result.current.summary.data?.unreadCount).toBe(0);
    expect(fetches.count).toBe(0);
    fetches.stop();
  });
});

describe('a receipt from another device, by a poll', () => {
  it('reads the summary when a poll of the receipts brings her own, with no summary request', async () => {
    const { ann, threadId, annThread, bobThread } = await pair(emu);
    await say(bobThread, 'one', 'Bob');
    const newest = await say(bobThread, 'two', 'Bob');
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      summary: useChatThreadSummary(threadId),
      receipts: useReadReceipts(threadId),
    }));
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(2));
    await waitFor(() => expect(result.current.receipts.isSuccess).toBe(true));
    const fetches = summaryFetches(h);
    // Her laptop reads the thread; this screen hears of it when it polls the receipts.
    await annThread.sendReadReceipt({ chatMessageId: newest.id });
    await act(() => result.current.receipts.refetch());
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(0));
    expect(result.current.summary.data?.lastReadOn).toBeInstanceOf(Date);
    // The next poll brings the same receipt: the summary is not written again.
    const key = h.keys.threadSummary(threadId);
    const writes: unknown[] = [];
    const listen = h.queryClient.getQueryCache().subscribe((e) => {
      if (
        e.type === 'updated' &&
        e.action.type === 'success' &&
        e.query.queryHash === hashKey(key)
      ) {
        writes.push(e.query.state.data);
      }
    });
    await act(() => result.current.receipts.refetch());
    listen();
    expect(writes).toEqual([]);
    expect(fetches.count).toBe(0);
    fetches.stop();
  });
});

describe('a deleted preview with no messages loaded', () => {
  it('reads the summary again: the message before it is not known otherwise', async () => {
    const { ann, threadId, bobThread } = await pair(emu);
    await say(bobThread, 'one', 'Bob');
    const two = await say(bobThread, 'two', 'Bob');
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(result.current.data?.lastMessage?.preview).toBe('two'));
    const fetches = summaryFetches(h);
    await bobThread.deleteMessage(two.id);
    act(() =>
      applyChatEvent(h.queryClient, h.scope, {
        type: 'messageDeleted',
        threadId,
        messageId: two.id,
      }),
    );
    await waitFor(() =>
      expect(result.current.data).toMatchObject({
        unreadCount: 1,
        lastMessage: { preview: 'one' },
      }),
    );
    expect(fetches.count).toBe(1);
    fetches.stop();
  });
});

describe("a summary fed by the provider's real-time source", () => {
  it('counts a message pushed twice once, words a system message, and clears on her own receipt from elsewhere', async () => {
    const { ann, bob, threadId, annThread, bobThread } = await pair(emu);
    const source = new ScriptedRealtime();
    const h = harness(emu, ann);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider
        client={h.client}
        userId={ann.userId}
        queryClient={h.queryClient}
        realtime={source}
      >
        {children}
      </ChatProvider>
    );
    const { result } = renderHook(() => useChatThreadSummary(threadId), { wrapper });
    act(() => source.emit('realTimeNotificationConnected'));
    // The provider loads its real-time code on first use: wait until it listens to every event.
    await waitFor(() => expect(source.listenerCount).toBe(12));
    // Reading `data` here subscribes the render to it (TanStack re-renders for the fields read).
    await waitFor(() => expect(result.current.data?.unreadCount).toBe(0));
    // The connection's resync revalidates what is loaded: wait until nothing is fetching.
    await waitFor(() => expect(result.current.isFetching).toBe(false));
    const fetches = summaryFetches(h);
    const one = await say(bobThread, 'one', 'Bob');
    const pushed = receivedEvent(threadId, one, ann.userId);
    act(() => source.emit('chatMessageReceived', pushed));
    act(() => source.emit('chatMessageReceived', pushed));
    await waitFor(() => expect(result.current.data?.unreadCount).toBe(1));
    // Ann renames the thread elsewhere: the event names only the message, which is read for words.
    await annThread.updateTopic('Renamed');
    const [renamed] = (await annThread.listMessages({ maxPageSize: 1 }).page()).items;
    act(() =>
      source.emit('chatMessageReceived', {
        ...pushed,
        id: renamed!.id,
        type: 'ThreadActivity/TopicUpdate',
        message: '',
        createdOn: renamed!.createdOn,
      }),
    );
    await waitFor(() =>
      expect(result.current.data?.lastMessage?.preview).toBe('You set the topic to “Renamed”'),
    );
    expect(result.current.data?.unreadCount).toBe(1);
    const annId = { kind: 'communicationUser' as const, communicationUserId: ann.userId };
    act(() =>
      source.emit('readReceiptReceived', {
        threadId,
        sender: annId,
        senderDisplayName: 'Ann',
        recipient: { kind: 'communicationUser' as const, communicationUserId: bob.userId },
        chatMessageId: one.id,
        readOn: new Date(),
      } as never),
    );
    await waitFor(() => expect(result.current.data?.unreadCount).toBe(0));
    expect(fetches.count).toBe(0);
    fetches.stop();
  });
});
