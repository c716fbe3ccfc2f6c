// Thread summaries in Chromium, against the emulator on another origin, with a world built over HTTP
// as people build it: Ada reads, Grace and Alan write; Ada's read receipt sits before what they
// sent since. What needs a browser: every summary request cross-origin, real clicks, a reload, and
// a virtualised list in real layout. It proves, counting requests in the emulator's log:
// useMarkChatThreadRead takes the count to 0 with one receipt, and a reload still says 0; the summary
// that opening a thread asked for before the receipt, answered after it, keeps it 0; a message
// from Grace that a poll brings adds exactly 1 and Ada's own sends read the thread; a thread she was
// removed from is kept apart; and rows never rendered ask for nothing. How the count is made (0, 1,
// 5, 150 capped at 100, the sum) is cache logic, tested in jsdom: test/react/thread-summary.test.tsx
// and thread-summary-edits.test.tsx.
import { QueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { useRef, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  ChatClient,
  ChatProvider,
  chatKeys,
  CommunicationTokenCredential,
  useChatMessages,
  useChatThreads,
  useChatThreadSummary,
  useMarkChatThreadRead,
  useSendChatMessage,
  useUnreadChatCount,
  type ChatThreadSummary,
} from '../../src/react/index.ts';
import {
  createUser,
  emulatorUrl,
  seedThreads,
  threadRequests,
  type BrowserUser,
} from './support.ts';

const open: ChatClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of open.splice(0)) client.close();
});

function core(user: BrowserUser, fetch?: typeof globalThis.fetch): ChatClient {
  const client = new ChatClient(emulatorUrl, new CommunicationTokenCredential(user.token), {
    retryOptions: { retryDelayInMs: 50 },
    fetch,
  });
  open.push(client);
  return client;
}

/** Ada, who reads; Grace and Alan, who write. Each a new user with a client of their own. */
async function cast() {
  const [ada, grace, alan] = await Promise.all([createUser(), createUser(), createUser()]);
  return {
    ada,
    grace,
    alan,
    graceClient: core(grace),
    adaClient: core(ada),
    alanClient: core(alan),
  };
}
type Cast = Awaited<ReturnType<typeof cast>>;

const member = (user: BrowserUser, displayName: string) => ({
  id: { communicationUserId: user.userId },
  displayName,
});

/** Runs `count` sends, a few at a time (as busy people do); returns their ids, newest first. */
async function sendMany(count: number, send: (i: number) => Promise<{ id: string }>) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 5) {
    const batch = Array.from({ length: Math.min(5, count - start) }, (_, j) => send(start + j));
    for (const { id } of await Promise.all(batch)) ids.push(id);
  }
  return ids.sort((a, b) => Number(b) - Number(a));
}

/**
 * A thread Grace started with Ada and Alan, where Ada wrote, read up to Alan's message, and then
 * Grace and Alan sent `unread` more. Returns the thread and the unread messages' ids, newest first.
 */
async function threadWithUnread(people: Cast, unread: number, topic: string) {
  const { chatThread } = await people.graceClient.createChatThread(
    { topic },
    { participants: [member(people.ada, 'Ada'), member(people.alan, 'Alan')] },
  );
  const threadId = chatThread!.id;
  const as = (client: ChatClient) => client.getChatThreadClient(threadId);
  const [grace, ada, alan] = [as(people.graceClient), as(people.adaClient), as(people.alanClient)];
  await grace.sendMessage({ content: 'Morning all' }, { senderDisplayName: 'Grace' });
  await ada.sendMessage({ content: 'Morning' }, { senderDisplayName: 'Ada' });
  const { id: read } = await alan.sendMessage({ content: 'Agenda' }, { senderDisplayName: 'Alan' });
  await ada.sendReadReceipt({ chatMessageId: read });
  const unreadIds = await sendMany(unread, (i) =>
    (i % 2 === 0 ? grace : alan).sendMessage({ content: `News ${i + 1}` }),
  );
  return { threadId, unreadIds, grace };
}

/**
 * Ada's app as a page load makes it: a new client and a new QueryClient under ChatProvider. `fetch`
 * sees each of its requests on the way to the emulator.
 */
function session(user: BrowserUser, fetch?: typeof globalThis.fetch) {
  const client = core(user, fetch);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const key = (threadId: string) =>
    chatKeys({ endpoint: client.endpoint, userId: user.userId }).threadSummary(threadId);
  return {
    summary: (threadId: string) => queryClient.getQueryData<ChatThreadSummary>(key(threadId)),
    summaryState: (threadId: string) => queryClient.getQueryState(key(threadId)),
    isFetching: () => queryClient.isFetching(),
    render: (ui: ReactNode) =>
      render(
        <ChatProvider
          client={client}
          userId={user.userId}
          queryClient={queryClient}
          realtime={false}
        >
          {ui}
        </ChatProvider>,
      ),
  };
}

/** An inbox row's badge: its unread count ("99+" when capped), or why there is none. */
function SummaryRow({ threadId, label }: { threadId: string; label: string }) {
  const { data, error } = useChatThreadSummary(threadId);
  let text = '…';
  if (error) text = `refused ${error.statusCode}`;
  else if (data) text = data.unreadCapped ? '99+' : String(data.unreadCount);
  return <li aria-label={label}>{text}</li>;
}

/** What useUnreadChatCount says: the unread messages of every thread summarised. */
function Total() {
  return <p aria-label="Unread in all">{useUnreadChatCount()}</p>;
}

const shown = (label: string) => screen.getByLabelText(label).textContent;

/** The requests to one thread (Ada's and the others'), as `METHOD /rest` after the thread's path. */
async function requestsTo(threadId: string) {
  return (await threadRequests(threadId)).map((r) => ({
    line: `${r.method} ${r.path}`,
    startTime: r.query.has('startTime'),
  }));
}
const gets = async (threadId: string) =>
  (await requestsTo(threadId)).filter((r) => r.line.startsWith('GET ')).map((r) => r.line);
const count = async (threadId: string, line: string, polls = false) =>
  (await requestsTo(threadId)).filter((r) => r.line === line && (!polls || r.startTime)).length;

describe('thread summaries in Chromium, cross-origin', () => {
  it('useMarkChatThreadRead takes 5 unread to 0 with one receipt, and a reload still says 0', async () => {
    const people = await cast();
    const { threadId, unreadIds, grace } = await threadWithUnread(people, 5, 'Planning');
    // The thread's row, and its conversation once opened: marked read while in view.
    function Thread({ opened = false }: { opened?: boolean }) {
      const [inView, setInView] = useState(opened);
      useMarkChatThreadRead(threadId, { enabled: inView });
      return (
        <>
          <SummaryRow threadId={threadId} label="Planning" />
          <button onClick={() => setInView(true)}>Open Planning</button>
        </>
      );
    }
    const view = session(people.ada).render(<Thread />);
    await waitFor(() => expect(shown('Planning')).toBe('5'));
    const receipts = await count(threadId, 'POST /readReceipts'); // hers, before the five
    await userEvent.click(screen.getByRole('button', { name: 'Open Planning' }));
    await waitFor(() => expect(shown('Planning')).toBe('0'));
    expect(await count(threadId, 'POST /readReceipts')).toBe(receipts + 1);
    // For the newest of the five, as the others see it.
    const theirs = await grace.listReadReceipts().page();
    const hers = theirs.items.find(
      (r) =>
        r.sender.kind === 'communicationUser' && r.sender.communicationUserId === people.ada.userId,
    );
    expect(hers?.chatMessageId).toBe(unreadIds[0]);

    // A reload: nothing cached; the summary is asked of the service again, and it says 0.
    view.unmount();
    const before = (await gets(threadId)).length;
    const reloaded = session(people.ada);
    reloaded.render(<Thread opened />);
    await waitFor(() => expect(shown('Planning')).toBe('0'));
    expect((await gets(threadId)).slice(before)).toEqual(['GET /readReceipts', 'GET /messages']);
    expect(await count(threadId, 'POST /readReceipts')).toBe(receipts + 1);
  });

  it('keeps the thread read when the summary asked for before her receipt answers after it', async () => {
    const people = await cast();
    const { threadId, unreadIds } = await threadWithUnread(people, 1, 'Chat');
    // Once armed: the summary's read of her receipts leaves and is answered (with her old receipt);
    // her new receipt leaves only then; that answer is handed over after the receipt is done.
    let armed = false;
    let answered!: () => void;
    const isAnswered = new Promise<void>((resolve) => (answered = resolve));
    let handOver!: () => void;
    const handedOver = new Promise<void>((resolve) => (handOver = resolve));
    const holding: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const { pathname, searchParams } = new URL(request.url);
      if (!armed || !pathname.endsWith('/readReceipts')) return fetch(request);
      if (request.method === 'POST') {
        await isAnswered;
        return fetch(request);
      }
      if (searchParams.get('maxPageSize') !== '200') return fetch(request);
      const response = await fetch(request);
      answered();
      await handedOver;
      return response;
    };
    // The row and the title; the conversation, once opened, marks the thread read.
    function Conversation() {
      const mark = useMarkChatThreadRead(threadId);
      return <p aria-label="Receipt">{mark.isSuccess ? mark.variables : ''}</p>;
    }
    function Inbox() {
      const [opened, setOpened] = useState(false);
      return (
        <>
          <SummaryRow threadId={threadId} label="Chat" />
          <Total />
          <button onClick={() => setOpened(true)}>Open Chat</button>
          {opened && <Conversation />}
        </>
      );
    }
    const app = session(people.ada, holding);
    app.render(<Inbox />);
    await waitFor(() => expect(shown('Chat')).toBe('1'));
    expect(shown('Unread in all')).toBe('1');
    // She opens it: its summary, stale, is read again on mount, and the receipt is sent.
    armed = true;
    await userEvent.click(screen.getByRole('button', { name: 'Open Chat' }));
    await waitFor(() => expect(shown('Receipt')).toBe(unreadIds[0]));
    await waitFor(() => expect(shown('Chat')).toBe('0'));
    handOver();
    await waitFor(() => expect(app.isFetching()).toBe(0));
    expect(app.summary(threadId)).toMatchObject({
      unreadCount: 0,
      lastReadMessageId: unreadIds[0],
    });
    await waitFor(() => expect(shown('Chat')).toBe('0'));
    expect(shown('Unread in all')).toBe('0');
  });

  it("a message from Grace that a poll brings adds exactly 1; Ada's own sends read the thread", async () => {
    const people = await cast();
    const { threadId, grace } = await threadWithUnread(people, 2, 'Lunch');
    // The conversation open, polling (no real-time source), with a box to send from.
    function Open() {
      const { messages, isSuccess } = useChatMessages(threadId, { refetchInterval: 50 });
      const send = useSendChatMessage(threadId);
      return (
        <>
          <SummaryRow threadId={threadId} label="Lunch" />
          <p aria-label="Newest">{isSuccess ? messages[0]?.id : ''}</p>
          <button onClick={() => send.mutate({ content: 'On my way' })}>Send</button>
        </>
      );
    }
    session(people.ada).render(<Open />);
    await waitFor(() => expect(shown('Lunch')).toBe('2'));
    const polls = () => count(threadId, 'GET /messages', true);
    /** Waits for two polls more than now: the second began after this call. */
    const twoMorePolls = async () => {
      const now = await polls();
      await waitFor(async () => expect(await polls()).toBeGreaterThanOrEqual(now + 2));
    };
    /** Grace (or Ada elsewhere) sent `id`: waits until a poll brought it, then for two more. */
    const polled = async (id: string) => {
      await waitFor(() => expect(shown('Newest')).toBe(id));
      await twoMorePolls();
    };

    const { id: fromGrace } = await grace.sendMessage({ content: 'Table for three?' });
    await polled(fromGrace);
    // Every poll lists it again (startTime is inclusive): it still counts once.
    expect(shown('Lunch')).toBe('3');

    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(shown('Lunch')).toBe('0')); // sending counts as reading
    await twoMorePolls(); // which list her message again
    expect(shown('Lunch')).toBe('0');

    const { id: again } = await grace.sendMessage({ content: 'Booked' });
    await polled(again);
    expect(shown('Lunch')).toBe('1');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(shown('Lunch')).toBe('0'));
    await twoMorePolls();
    expect(shown('Lunch')).toBe('0');
    // Kept current by polls and sends: the summary itself was never asked for again.
    expect(await count(threadId, 'GET /readReceipts')).toBe(1);
  });

  it.each([false, true])(
    'a thread she was removed from, includeRemoved %s: hidden once its summary answers 403, or listed',
    async (includeRemoved) => {
      const people = await cast();
      await threadWithUnread(people, 1, 'Kept');
      const { threadId: left, grace } = await threadWithUnread(people, 1, 'Left');
      await people.adaClient
        .getChatThreadClient(left)
        .sendMessage({ content: 'Leaving for the summer' });
      await grace.removeParticipant({ communicationUserId: people.ada.userId });
      const rendered = new Set<string>();
      function Inbox() {
        const { threads, isSuccess } = useChatThreads({ includeRemoved });
        return (
          <ul aria-label="Inbox" aria-busy={!isSuccess}>
            {threads.map((t) => {
              rendered.add(t.topic);
              return <SummaryRow key={t.id} threadId={t.id} label={t.topic} />;
            })}
          </ul>
        );
      }
      const app = session(people.ada);
      app.render(<Inbox />);
      await waitFor(() => expect(app.summaryState(left)?.error?.statusCode).toBe(403));
      const topics = () =>
        screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));
      if (includeRemoved) {
        await waitFor(() => expect(shown('Left')).toBe('refused 403'));
        expect(topics()).toEqual(['Left', 'Kept']);
      } else {
        await waitFor(() => expect(topics()).toEqual(['Kept']));
        // The service listed it: the row asked for its summary, and the 403 set it apart.
        expect(rendered).toEqual(new Set(['Left', 'Kept']));
      }
      await waitFor(() => expect(shown('Kept')).toBe('1'));
      // Nothing of its own: the summary's first request, which the service refused.
      expect(await gets(left)).toEqual(['GET /readReceipts']);
    },
  );

  it('asks for the summaries of the rows a virtualised list renders, and of no other', async () => {
    const [ada, grace] = await Promise.all([createUser(), createUser()]);
    const total = 40;
    await seedThreads([ada.userId, grace.userId], total, 'Window');
    const rendered = new Set<string>();
    const rowHeight = 40;
    function Inbox() {
      const { threads } = useChatThreads({ pageSize: total });
      const scroller = useRef<HTMLDivElement>(null);
      // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be read during render
      const virtualizer = useVirtualizer({
        count: threads.length,
        getScrollElement: () => scroller.current,
        estimateSize: () => rowHeight,
        overscan: 0,
      });
      return (
        <div
          ref={scroller}
          aria-label="Scroller"
          style={{ height: 5 * rowHeight, overflow: 'auto' }}
        >
          <ul style={{ height: virtualizer.getTotalSize(), position: 'relative', margin: 0 }}>
            {virtualizer.getVirtualItems().map((row) => {
              const thread = threads[row.index]!;
              rendered.add(thread.id);
              return (
                <div
                  key={thread.id}
                  style={{ position: 'absolute', top: row.start, height: rowHeight }}
                >
                  <SummaryRow threadId={thread.id} label={thread.topic} />
                </div>
              );
            })}
          </ul>
        </div>
      );
    }
    const app = session(ada);
    app.render(<Inbox />);
    // The newest first: the five rows in view, then five more down the list.
    await waitFor(() => expect(shown('Window 36')).toBe('0'));
    screen.getByLabelText('Scroller').scrollTop = 20 * rowHeight;
    await waitFor(() => expect(shown('Window 16')).toBe('0'));
    await waitFor(() => expect(app.isFetching()).toBe(0));

    const threads: { id: string; topic: string }[] = [];
    for await (const t of core(ada).listChatThreads()) threads.push(t);
    expect(threads).toHaveLength(total);
    const asked = new Map<string, string[]>();
    for (const { id } of threads) {
      const summary = (await gets(id)).filter((g) => /\/(readReceipts|messages)$/.test(g));
      if (summary.length > 0) asked.set(id, summary);
    }
    expect(new Set(asked.keys())).toEqual(rendered);
    expect(rendered.size).toBeLessThanOrEqual(12); // the two windows, not the 40
    for (const summary of asked.values())
      expect(summary).toEqual(['GET /readReceipts', 'GET /messages']);
  });
});
