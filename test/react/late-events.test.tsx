// Events, polls and pages that arrive late, twice or out of order, over HTTP to the emulator: a
// deleted message or thread never comes back, and an older copy or update never overwrites newer
// state (lists, previews, unread counts). What the service holds is real; the events are those the
// real-time source would deliver, applied in the order a late network delivers them. Each check
// waits for a later change (a sentinel) to be on screen, so what came before it has been applied.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  applyChatEvent,
  ChatClient,
  ChatProvider,
  CommunicationTokenCredential,
  useChatMessages,
  useChatThread,
  useChatThreads,
  useChatThreadSummary,
  useUnreadChatCount,
  type ChatEvent,
  type ChatMessage,
  type ChatThreadClient,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate } from '../support/holding-fetch.ts';
import { receivedEvent, ScriptedRealtime } from '../support/scripted-realtime.ts';
import { fastRetries, harness, renderChatHook, type ChatHarness } from './helpers.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const threadClient = (user: EmulatorUser, threadId: string) =>
  new ChatClient(
    emu.url,
    new CommunicationTokenCredential(user.token),
    fastRetries,
  ).getChatThreadClient(threadId);

/** Ann and Bob in a new thread; Ann has read it (her own message is its newest). */
async function pair(topic = 'Pair') {
  const ann = await emu.user();
  const bob = await emu.user();
  const creator = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token));
  const { chatThread } = await creator.createChatThread(
    { topic },
    {
      participants: [
        { id: { communicationUserId: ann.userId }, displayName: 'Ann' },
        { id: { communicationUserId: bob.userId }, displayName: 'Bob' },
      ],
    },
  );
  creator.close();
  const threadId = chatThread!.id;
  const annThread = threadClient(ann, threadId);
  await say(annThread, 'hello', 'Ann');
  return { ann, bob, threadId, annThread, bobThread: threadClient(bob, threadId) };
}

/** Sends and returns the service's copy of the message. */
async function say(thread: ChatThreadClient, content: string, name: string): Promise<ChatMessage> {
  const { id } = await thread.sendMessage({ content }, { senderDisplayName: name });
  return thread.getMessage(id);
}

/** A message as an event brings it: no sequence number. */
const received = (threadId: string, message: ChatMessage): ChatEvent => ({
  type: 'messageReceived',
  threadId,
  message: { ...message, sequenceId: '' },
});

/** Deletes the message at the service; returns the event of it (the deleted copy's version). */
async function deleteAt(thread: ChatThreadClient, threadId: string, id: string) {
  await thread.deleteMessage(id);
  const gone = await thread.getMessage(id);
  return {
    type: 'messageDeleted',
    threadId,
    messageId: id,
    deletedOn: gone.deletedOn,
    version: gone.version,
  } satisfies ChatEvent;
}

const texts = (messages: ChatMessage[]) => messages.map((m) => m.content?.message);

/** Ann's conversation: the visible list, the list with deleted messages, its summary, the badge. */
function conversation(h: ChatHarness, threadId: string) {
  const badge = renderChatHook(h, () => useUnreadChatCount());
  const { result } = renderChatHook(h, () => ({
    list: useChatMessages(threadId),
    all: useChatMessages(threadId, { includeDeleted: true }),
    summary: useChatThreadSummary(threadId),
  }));
  const apply = (...events: ChatEvent[]) =>
    act(() => {
      for (const event of events) applyChatEvent(h.queryClient, h.scope, event);
    });
  return { result, badge, apply };
}

/**
 * A fetch whose requests `pick` chooses are held twice: before they leave (until `send`), and
 * after the service answered (until `deliver`). The requests and answers are real.
 */
function heldFetch(pick: (request: Request) => boolean) {
  const held: { send: () => void; answered: Promise<void>; deliver: () => void }[] = [];
  const fetchHeld: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!pick(request)) return fetch(request);
    const [leave, answered, deliver] = [gate(), gate(), gate()];
    held.push({ send: leave.open, answered: answered.opened, deliver: deliver.open });
    await leave.opened;
    const response = await fetch(request);
    answered.open();
    await deliver.opened;
    return response;
  };
  return { fetch: fetchHeld, held };
}

describe('a deleted message stays deleted', () => {
  it.each([
    ['its deletion, then a late copy', 'deletion first'],
    ['a copy, its deletion, then the copy again', 'copy first'],
  ])('hears %s: not listed, not counted, not previewed', async (_, order) => {
    const { ann, threadId, bobThread } = await pair();
    const h = harness(emu, ann);
    const { result, badge, apply } = conversation(h, threadId);
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(0));
    await waitFor(() => expect(texts(result.current.list.messages)).toContain('hello'));
    const secret = await say(bobThread, 'secret', 'Bob');
    const deletion = await deleteAt(bobThread, threadId, secret.id);
    const copy = received(threadId, secret);
    apply(...(order === 'deletion first' ? [deletion, copy] : [copy, deletion, copy]));
    const later = await say(bobThread, 'later', 'Bob');
    apply(received(threadId, later));
    await waitFor(() => {
      expect(texts(result.current.list.messages).slice(0, 2)).toEqual(['later', 'hello']);
      expect(result.current.all.messages.find((m) => m.id === secret.id)?.deletedOn).toEqual(
        deletion.deletedOn,
      );
      expect(result.current.summary.data).toMatchObject({
        unreadCount: 1,
        unreadMessageIds: [later.id],
        lastMessage: { id: later.id, preview: 'later' },
      });
    });
    expect(badge.result.current).toBe(1);
  });

  it('when a poll that left before the deletion brings the message, live', async () => {
    const { ann, threadId, bobThread } = await pair();
    // Polls ask with startTime: each is held before it leaves and after it is answered.
    const polls = heldFetch(
      (r) => r.method === 'GET' && new URL(r.url).searchParams.has('startTime'),
    );
    const h = harness(emu, ann, { fetch: polls.fetch });
    const { result } = renderChatHook(h, () => ({
      list: useChatMessages(threadId, { refetchInterval: 10 }),
      all: useChatMessages(threadId, { includeDeleted: true }),
    }));
    await waitFor(() => expect(texts(result.current.list.messages)).toContain('hello'));
    await waitFor(() => expect(polls.held).toHaveLength(1));
    const secret = await say(bobThread, 'secret', 'Bob');
    const later = await say(bobThread, 'later', 'Bob');
    // The poll leaves and is answered with both; then Bob deletes one, and the event comes first.
    polls.held[0]!.send();
    await polls.held[0]!.answered;
    const deletion = await deleteAt(bobThread, threadId, secret.id);
    act(() => applyChatEvent(h.queryClient, h.scope, deletion));
    polls.held[0]!.deliver();
    await waitFor(() => {
      expect(texts(result.current.list.messages).slice(0, 2)).toEqual(['later', 'hello']);
      expect(result.current.all.messages.find((m) => m.id === secret.id)?.deletedOn).toEqual(
        deletion.deletedOn,
      );
    });
    expect(later.id > secret.id).toBe(true);
  });

  it('when a page that left before the deletion lists the message, live', async () => {
    const { ann, threadId, bobThread } = await pair();
    let holding = false;
    const pages = heldFetch(
      (r) => holding && r.method === 'GET' && new URL(r.url).pathname.endsWith('/messages'),
    );
    const h = harness(emu, ann, { fetch: pages.fetch });
    const { result, apply } = conversation(h, threadId);
    await waitFor(() => expect(texts(result.current.list.messages)).toContain('hello'));
    await waitFor(() => expect(result.current.summary.isSuccess).toBe(true));
    const secret = await say(bobThread, 'secret', 'Bob');
    apply(received(threadId, secret));
    await waitFor(() => expect(texts(result.current.list.messages)[0]).toBe('secret'));
    // The list is read again; the page is answered with the message, and then it is deleted.
    holding = true;
    const refetch = result.current.list.refetch();
    await waitFor(() => expect(pages.held).toHaveLength(1));
    holding = false;
    pages.held[0]!.send();
    await pages.held[0]!.answered;
    const deletion = await deleteAt(bobThread, threadId, secret.id);
    apply(deletion);
    await waitFor(() => expect(texts(result.current.list.messages)[0]).toBe('hello'));
    pages.held[0]!.deliver();
    await act(() => refetch);
    await waitFor(() => {
      expect(h.queryClient.isFetching()).toBe(0);
      expect(texts(result.current.list.messages)[0]).toBe('hello');
      expect(result.current.all.messages[0]).toMatchObject({
        id: secret.id,
        deletedOn: deletion.deletedOn,
      });
    });
    expect(result.current.summary.data).toMatchObject({
      unreadCount: 0,
      lastMessage: { preview: 'hello' },
    });
  });

  it('when the summary listed the messages before the deletion', async () => {
    const { ann, threadId, bobThread } = await pair();
    const one = await say(bobThread, 'one', 'Bob');
    const secret = await say(bobThread, 'secret', 'Bob');
    // The summary lists the messages since her read with the service's largest page.
    const listing = heldFetch((r) => {
      const url = new URL(r.url);
      return url.pathname.endsWith('/messages') && url.searchParams.get('maxPageSize') === '200';
    });
    const h = harness(emu, ann, { fetch: listing.fetch });
    const { result } = renderChatHook(h, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(listing.held).toHaveLength(1));
    listing.held[0]!.send();
    await listing.held[0]!.answered;
    const deletion = await deleteAt(bobThread, threadId, secret.id);
    act(() => applyChatEvent(h.queryClient, h.scope, deletion));
    listing.held[0]!.deliver();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toMatchObject({
      unreadCount: 1,
      unreadMessageIds: [one.id],
      lastMessage: { id: one.id, preview: 'one' },
    });
  });
});

describe('a late event rewinds nothing', () => {
  it('counts a message that arrives after a newer one, in id order, and keeps the newer preview', async () => {
    const { ann, threadId, bobThread } = await pair();
    const h = harness(emu, ann);
    const { result, badge, apply } = conversation(h, threadId);
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(0));
    const one = await say(bobThread, 'one', 'Bob');
    const two = await say(bobThread, 'two', 'Bob');
    apply(received(threadId, two), received(threadId, one));
    await waitFor(() => expect(badge.result.current).toBe(2));
    expect(result.current.summary.data).toMatchObject({
      unreadCount: 2,
      unreadMessageIds: [two.id, one.id],
      lastMessage: { id: two.id, preview: 'two' },
    });
  });

  it('ignores a receipt of hers that names no message id, from an event or the cached receipts', async () => {
    const { ann, threadId, bobThread } = await pair();
    const one = await say(bobThread, 'one', 'Bob');
    const h = harness(emu, ann);
    const { result, apply } = conversation(h, threadId);
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(1));
    const me = { kind: 'unknown' as const, id: ann.userId };
    const odd = { sender: me, chatMessageId: 'not-a-message-id', readOn: new Date() };
    apply({ type: 'readReceiptReceived', threadId, receipt: odd });
    const two = await say(bobThread, 'two', 'Bob');
    apply(received(threadId, two));
    await waitFor(() => expect(texts(result.current.list.messages)[0]).toBe('two'));
    expect(result.current.summary.data).toMatchObject({
      unreadCount: 2,
      unreadMessageIds: [two.id, one.id],
    });

    // A new cache whose receipts say the same: the summary counts as if she had sent none.
    const fresh = harness(emu, ann);
    fresh.queryClient.setQueryData(fresh.keys.readReceipts(threadId), [odd]);
    const summary = renderChatHook(fresh, () => useChatThreadSummary(threadId));
    await waitFor(() => expect(summary.result.current.isSuccess).toBe(true));
    expect(summary.result.current.data).toMatchObject({
      unreadCount: 2,
      unreadMessageIds: [two.id, one.id],
    });
  });

  it('keeps the newest edit of a message when older copies of it come late', async () => {
    const { ann, threadId, bobThread } = await pair();
    const h = harness(emu, ann);
    const { result, apply } = conversation(h, threadId);
    await waitFor(() => expect(result.current.summary.data?.unreadCount).toBe(0));
    const original = await say(bobThread, 'first draft', 'Bob');
    apply(received(threadId, original));
    const edit = async (content: string): Promise<ChatEvent> => {
      await bobThread.updateMessage(original.id, { content });
      const copy = await bobThread.getMessage(original.id);
      return { type: 'messageEdited', threadId, message: { ...copy, sequenceId: '' } };
    };
    const second = await edit('second draft');
    const final = await edit('final');
    // The newest edit first, then the older one, then the original again.
    apply(final, second, received(threadId, original));
    const later = await say(bobThread, 'later', 'Bob');
    apply(received(threadId, later));
    await waitFor(() =>
      expect(texts(result.current.list.messages).slice(0, 2)).toEqual(['later', 'final']),
    );
    // The preview of the edited message, once the newer one is deleted, is its newest text too.
    apply(await deleteAt(bobThread, threadId, later.id));
    await waitFor(() =>
      expect(result.current.summary.data?.lastMessage).toMatchObject({
        id: original.id,
        preview: 'final',
      }),
    );
    // The older edit once more, then her receipt (a change the preview is not part of).
    apply(second);
    const readOn = new Date();
    const me = { kind: 'unknown' as const, id: ann.userId };
    apply({
      type: 'readReceiptReceived',
      threadId,
      receipt: { sender: me, chatMessageId: original.id, readOn },
    });
    await waitFor(() => expect(result.current.summary.data?.lastReadOn).toEqual(readOn));
    expect(result.current.summary.data?.lastMessage?.preview).toBe('final');
  });
});

describe('thread events from the real-time source, late and out of order', () => {
  it('keep a deleted thread deleted, and listed threads their newest topic, activity and place', async () => {
    // Three threads of Ann's with Bob, a minute apart: c newest, a oldest.
    const { users, threadIds } = await emu.emulator.seed({
      users: 2,
      threads: 3,
      messagesPerThread: 1,
      topic: 'Thread',
      spacingMs: 60_000,
    });
    const [ann, bob] = users as [EmulatorUser, EmulatorUser];
    const [a, b, c] = threadIds as [string, string, string];
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
    const { result } = renderHook(
      () => ({
        threads: useChatThreads(),
        all: useChatThreads({ includeDeleted: true }),
        properties: useChatThread(a),
      }),
      { wrapper },
    );
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(source.listenerCount).toBe(12));
    const listed = () => result.current.threads.threads;
    const ids = () => listed().map((t) => t.id);
    await waitFor(() => expect(ids()).toEqual([c, b, a]));
    await waitFor(() => expect(result.current.properties.isSuccess).toBe(true));
    // The connection's resync revalidates what is loaded: wait until nothing is fetching.
    await waitFor(() => expect(h.queryClient.isFetching()).toBe(0));
    const bAt = listed()[1]!.lastMessageReceivedOn;
    const created = async (threadId: string) => {
      const properties = await threadClient(ann, threadId).getProperties();
      return {
        threadId,
        createdOn: properties.createdOn,
        properties: { topic: properties.topic, metadata: {} },
      };
    };
    const aCreated = await created(a);
    const [bCreated, cCreated] = [await created(b), await created(c)];

    // Ann renames a and Bob writes in it: it is on top, renamed.
    await threadClient(ann, a).updateTopic('A, renamed');
    const updatedOn = new Date();
    const renamed = {
      threadId: a,
      properties: { topic: 'A, renamed', metadata: {} },
      version: String(updatedOn.getTime()),
      updatedOn,
    };
    act(() => source.emit('chatThreadPropertiesUpdated', renamed));
    const news = await say(threadClient(bob, a), 'news', 'Bob');
    act(() => source.emit('chatMessageReceived', receivedEvent(a, news, ann.userId)));
    await waitFor(() => expect(ids()).toEqual([a, c, b]));

    // Late: b's latest message again, the rename before a's, and the creation of a and of b.
    const [bLatest] = (await threadClient(ann, b).listMessages({ maxPageSize: 1 }).page()).items;
    act(() => source.emit('chatMessageReceived', receivedEvent(b, bLatest!, ann.userId)));
    const earlier = new Date(updatedOn.getTime() - 1000);
    act(() =>
      source.emit('chatThreadPropertiesUpdated', {
        ...renamed,
        properties: { topic: 'A, first name', metadata: {} },
        version: String(earlier.getTime()),
        updatedOn: earlier,
      }),
    );
    act(() => source.emit('chatThreadCreated', aCreated));
    act(() => source.emit('chatThreadCreated', bCreated));
    // c is deleted; its creation comes late.
    act(() => source.emit('chatThreadDeleted', { threadId: c, deletedOn: new Date() }));
    act(() => source.emit('chatThreadCreated', cCreated));
    // d, not listed yet (Ann was just added), is deleted; its creation comes after.
    const d = { ...cCreated, threadId: '19:d@thread.v2', createdOn: new Date() };
    act(() => source.emit('chatThreadDeleted', { threadId: d.threadId, deletedOn: new Date() }));
    act(() => source.emit('chatThreadCreated', d));

    // Then a thread new to Ann: on top, with everything before it applied.
    const x = '19:x@thread.v2';
    act(() =>
      source.emit('chatThreadCreated', {
        threadId: x,
        createdOn: new Date(),
        properties: { topic: 'X', metadata: {} },
      }),
    );
    await waitFor(() => expect(ids()[0]).toBe(x));
    expect(ids()).toEqual([x, a, b]);
    expect(listed()[1]).toMatchObject({
      topic: 'A, renamed',
      lastMessageReceivedOn: news.createdOn,
    });
    expect(listed()[2]).toMatchObject({ topic: 'Thread 2', lastMessageReceivedOn: bAt });
    expect(result.current.properties.data?.topic).toBe('A, renamed');
    expect(result.current.all.threads.find((t) => t.id === c)?.deletedOn).toBeInstanceOf(Date);
  });

  it('keep a thread deleted that a page listed live, asked for before the deletion', async () => {
    const { users, threadIds } = await emu.emulator.seed({ users: 1, threads: 2 });
    const [ann] = users as [EmulatorUser];
    const [older, newer] = threadIds as [string, string];
    let holding = false;
    const pages = heldFetch((r) => holding && new URL(r.url).pathname === '/chat/threads');
    const h = harness(emu, ann, { fetch: pages.fetch });
    const { result } = renderChatHook(h, () => useChatThreads());
    const ids = () => result.current.threads.map((t) => t.id);
    await waitFor(() => expect(ids()).toEqual([newer, older]));
    holding = true;
    const refetch = result.current.refetch();
    await waitFor(() => expect(pages.held).toHaveLength(1));
    holding = false;
    pages.held[0]!.send();
    await pages.held[0]!.answered;
    await h.client.deleteChatThread(newer);
    act(() => applyChatEvent(h.queryClient, h.scope, { type: 'threadDeleted', threadId: newer }));
    await waitFor(() => expect(ids()).toEqual([older]));
    pages.held[0]!.deliver();
    await act(() => refetch);
    await waitFor(() => expect(h.queryClient.isFetching()).toBe(0));
    expect(ids()).toEqual([older]);
  });
});
