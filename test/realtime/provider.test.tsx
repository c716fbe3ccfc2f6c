// Our ChatProvider and hooks in Chromium, against the emulator on another (https) origin, with
// each of its real-time sources: its own ChatRealtimeClient (the default, no `realtime` prop) and
// the official ChatClient (unchanged, its browser build). The same guarantees for both: another
// user's messages reach the cached list by events alone, each once and in order, with no poll; a
// dropped socket is caught up on when it comes back; a removed participant hears nothing more of
// the thread; a thread's unread count follows events without a request; a forged or expired token
// gets no socket.
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, waitFor } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  ChatClient,
  ChatProvider,
  chatKeys,
  CommunicationTokenCredential,
  useChatConnection,
  useChatConnectionError,
  useChatMessages,
  useChatThreadSummary,
  type ChatConnectionState,
  type ChatMessageItem,
  type ChatRealtimeClient,
  type ChatThreadSummary,
  type TokenCredentialLike,
} from '../../src/react/index.ts';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import { createUser, emulatorUrl, threadRequests, type BrowserUser } from '../browser/support.ts';
import { gate } from '../support/holding-fetch.ts';
import {
  connectionCount,
  drop,
  loggedRequests,
  recorder,
  startRecording,
  type Recording,
} from './support.ts';

const open: { close(): void }[] = [];
const started: OfficialChatClient[] = [];
afterEach(async () => {
  cleanup();
  for (const client of open.splice(0)) client.close();
  for (const client of started.splice(0)) await client.stopRealtimeNotifications();
});

const staticToken = (token: string): TokenCredentialLike => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  dispose: () => {},
});

/** Our core client for a user (sends, thread setup). */
function core(user: BrowserUser): ChatClient {
  const client = new ChatClient(emulatorUrl, new CommunicationTokenCredential(user.token));
  open.push(client);
  return client;
}

/** What a source gives the provider for a user whose sockets use `credential`. */
interface Started {
  /** The ChatProvider props besides userId, queryClient and children. */
  props:
    | { endpoint: string; credential: TokenCredentialLike }
    | { client: ChatClient; realtime: OfficialChatClient };
  /** Every event the source emits; filled by <Record> inside the provider when `recordInside`. */
  events: Recording;
  recordInside: boolean;
}

interface Source {
  name: string;
  start(user: BrowserUser, credential: TokenCredentialLike): Promise<Started>;
  /** Whether the provider says (useChatConnectionError) why it is not connected. */
  saysWhy: boolean;
}

const sources: Source[] = [
  {
    name: 'our ChatRealtimeClient (the default)',
    start: async (_, credential) => ({
      props: { endpoint: emulatorUrl, credential },
      events: recorder(),
      recordInside: true,
    }),
    saysWhy: true,
  },
  {
    name: 'the official ChatClient',
    start: async (user, credential) => {
      const client = new OfficialChatClient(emulatorUrl, credential);
      started.push(client);
      return {
        props: { client: core(user), realtime: client },
        events: await startRecording(client),
        recordInside: false,
      };
    },
    saysWhy: false,
  },
];

/** Records the provider's own client's events, from the first render it has one. */
function Record({ into }: { into: Started }) {
  const source = useRealtime('Record').live?.source as ChatRealtimeClient | undefined;
  const [recorded] = useState(() => new WeakSet<object>());
  if (into.recordInside && source && !recorded.has(source)) {
    recorded.add(source);
    into.events.listen(source.on.bind(source) as Parameters<Recording['listen']>[0]);
  }
  return null;
}

async function threadOf(owner: BrowserUser, others: BrowserUser[], topic: string) {
  const { chatThread } = await core(owner).createChatThread(
    { topic },
    { participants: others.map((u) => ({ id: { communicationUserId: u.userId } })) },
  );
  return chatThread!.id;
}

/** The user's ChatProvider live with the started source, around `children`. */
function renderIn(live: Started, user: BrowserUser, queryClient: QueryClient, children: ReactNode) {
  render(
    <ChatProvider {...live.props} userId={user.userId} queryClient={queryClient}>
      <Record into={live} />
      {children}
    </ChatProvider>,
  );
}

/**
 * The user's screen: a ChatProvider live with the source, whose message lists never poll (no
 * refetchInterval), so only events and resyncs bring messages. The lists mount once connected:
 * the resync a connection starts then has no list to fetch, and every GET with startTime after it
 * is a poll the test can name. Every event the source emits is recorded.
 */
async function renderLive(
  source: Source,
  user: BrowserUser,
  threadIds: string[],
  credential = staticToken(user.token),
) {
  const live = await source.start(user, credential);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = {
    states: [] as ChatConnectionState[],
    /** What useChatConnectionError said, each change. */
    errors: [] as (Error | undefined)[],
    events: live.events,
    lists: new Map<string, { loaded: boolean; messages: ChatMessageItem[] }>(),
    /** Every message copy in the user's cached lists of the thread, duplicates included. */
    cached(threadId: string): ChatMessageItem[] {
      const keys = chatKeys({ endpoint: emulatorUrl, userId: user.userId });
      return queryClient
        .getQueryCache()
        .findAll({ queryKey: keys.messageLists(threadId) })
        .flatMap((q) => (q.state.data as { pages: { items: ChatMessageItem[] }[] }).pages)
        .flatMap((page) => page.items);
    },
  };
  function Messages({ threadId }: { threadId: string }) {
    const list = useChatMessages(threadId);
    view.lists.set(threadId, { loaded: list.isSuccess, messages: list.messages });
    return null;
  }
  function Screen() {
    const state = useChatConnection();
    const error = useChatConnectionError();
    if (view.errors.at(-1) !== error) view.errors.push(error);
    if (view.states.at(-1) !== state) view.states.push(state);
    const [opened, setOpened] = useState(false);
    if (state === 'connected' && !opened) setOpened(true);
    return opened ? threadIds.map((id) => <Messages key={id} threadId={id} />) : null;
  }
  renderIn(live, user, queryClient, <Screen />);
  return view;
}

const textIds = (messages: ChatMessageItem[]) =>
  messages.filter((m) => m.type === 'text').map((m) => m.id);

/** Sends `count` messages one after another; returns their ids, oldest first. */
async function sendMany(from: ChatClient, threadId: string, count: number, label: string) {
  const thread = from.getChatThreadClient(threadId);
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push((await thread.sendMessage({ content: `${label} ${i}` })).id);
  }
  return ids;
}

describe.each(sources)('ChatProvider live with $name as its source, in Chromium', (source) => {
  it("brings 100 of another user's messages into the list by events alone: each once, in order, no polls", async () => {
    const [ann, bob] = await Promise.all([createUser(), createUser()]);
    const threadId = await threadOf(ann, [bob], 'Live');
    const view = await renderLive(source, bob, [threadId]);
    await waitFor(() => expect(view.lists.get(threadId)?.loaded).toBe(true));
    expect(await connectionCount(bob.userId)).toBe(1);

    const sent = await sendMany(core(ann), threadId, 100, 'Message');
    const newestFirst = [...sent].reverse();
    await waitFor(() => expect(textIds(view.lists.get(threadId)!.messages)).toEqual(newestFirst));
    expect(textIds(view.cached(threadId))).toEqual(newestFirst);
    expect(view.states).toEqual(['connecting', 'connected']);
    const polls = (await loggedRequests(encodeURIComponent(threadId))).filter(
      (r) => r.method === 'GET' && /\/messages\?.*startTime=/.test(r.url),
    );
    expect(polls).toEqual([]);
  });

  it('after its socket is dropped, brings the 10 messages sent while it was down: once, in order', async () => {
    const [ann, bob] = await Promise.all([createUser(), createUser()]);
    const threadId = await threadOf(ann, [bob], 'Dropped');
    // Bob's client asks for a token to reconnect: held, the socket stays down while Ann sends.
    const held = gate();
    let holding = false;
    let waiting = 0;
    const view = await renderLive(source, bob, [threadId], {
      getToken: async () => {
        if (holding) {
          waiting++;
          await held.opened;
        }
        return { token: bob.token, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
      dispose: () => {},
    });
    await waitFor(() => expect(view.lists.get(threadId)?.loaded).toBe(true));
    const annClient = core(ann);
    const [before] = await sendMany(annClient, threadId, 1, 'Before');
    await waitFor(() => expect(textIds(view.lists.get(threadId)!.messages)).toEqual([before]));

    holding = true;
    await drop(bob.userId);
    await waitFor(() => expect(view.states.at(-1)).toBe('disconnected'));
    await waitFor(() => expect(waiting).toBeGreaterThan(0));
    const meanwhile = await sendMany(annClient, threadId, 10, 'Meanwhile');
    expect(await connectionCount(bob.userId)).toBe(0);
    expect(textIds(view.lists.get(threadId)!.messages)).toEqual([before]);

    // The connection after the drop: the next one the source emits.
    const connections = view.events.seen.filter(
      (e) => e.name === 'realTimeNotificationConnected',
    ).length;
    holding = false;
    held.open();
    await view.events.next('realTimeNotificationConnected', undefined, connections);
    const newestFirst = [...meanwhile].reverse().concat(before!);
    await waitFor(() => expect(textIds(view.lists.get(threadId)!.messages)).toEqual(newestFirst));
    expect(textIds(view.cached(threadId))).toEqual(newestFirst);
    expect(view.states).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
  });

  it('tells a removed participant nothing more of the thread', async () => {
    const [ann, cat] = await Promise.all([createUser(), createUser()]);
    const [leaving, staying] = await Promise.all([
      threadOf(ann, [cat], 'Leaving'),
      threadOf(ann, [cat], 'Staying'),
    ]);
    const view = await renderLive(source, cat, [staying]);
    await waitFor(() => expect(view.lists.get(staying)?.loaded).toBe(true));
    const annClient = core(ann);
    await annClient
      .getChatThreadClient(leaving)
      .removeParticipant({ communicationUserId: cat.userId });
    await view.events.next('participantsRemoved', (p) => p.threadId === leaving);

    const [unseen] = await sendMany(annClient, leaving, 1, 'Not for Cat');
    // Sent after it on the same socket: had the first reached Cat, it would have come before.
    const [later] = await sendMany(annClient, staying, 1, 'Still for Cat');
    await waitFor(() => expect(textIds(view.lists.get(staying)!.messages)).toEqual([later]));
    expect(view.events.seen.filter((e) => e.payload.id === unseen)).toEqual([]);
  });

  it("raises a thread's unread count by exactly 1 per message from another user, by events alone; her own send elsewhere reads it", async () => {
    const [ada, grace] = await Promise.all([createUser(), createUser()]);
    const threadId = await threadOf(grace, [ada], 'Unread');
    const graceClient = core(grace);
    await sendMany(graceClient, threadId, 1, 'Before');
    // Her inbox row, no message list: mounted once connected, after the resync a connection starts.
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const key = chatKeys({ endpoint: emulatorUrl, userId: ada.userId }).threadSummary(threadId);
    const unread = () => queryClient.getQueryData<ChatThreadSummary>(key)?.unreadCount;
    function Row() {
      useChatThreadSummary(threadId);
      return null;
    }
    function Inbox() {
      const [opened, setOpened] = useState(false);
      if (useChatConnection() === 'connected' && !opened) setOpened(true);
      return opened ? <Row /> : null;
    }
    const live = await source.start(ada, staticToken(ada.token));
    renderIn(live, ada, queryClient, <Inbox />);
    const { events } = live;
    await waitFor(() => expect(unread()).toBe(1));
    const gets = async () =>
      (await threadRequests(threadId)).filter((r) => r.method === 'GET').map((r) => r.path);
    // The summary: her receipts, the messages since.
    expect(await gets()).toEqual(['/readReceipts', '/messages']);

    // Each message's event has been handled (by the provider too) once the recorder has it.
    const received = (id: string) => events.next('chatMessageReceived', (p) => p.id === id);
    for (const expected of [2, 3, 4]) {
      const [id] = await sendMany(graceClient, threadId, 1, `Grace ${expected}`);
      await received(id!);
      expect(unread()).toBe(expected);
    }
    // Her own message, from another device: sending counts as reading.
    const [own] = await sendMany(core(ada), threadId, 1, 'Ada elsewhere');
    await received(own!);
    expect(unread()).toBe(0);
    expect(await gets()).toEqual(['/readReceipts', '/messages']); // no refetch, no list
  });

  it.each([
    [
      'signed with another key',
      async () => {
        const user = await createUser();
        return { user, bad: await forged(user.token) };
      },
    ],
    [
      'expired',
      async () => {
        const { userId, token } = inject('expiredUser');
        return { user: { userId, token: await issueToken(userId) }, bad: token };
      },
    ],
  ])('gives a token %s no socket, while a good one for the same user connects', async (_, make) => {
    const { user, bad } = await make();
    // The configuration is fetched with the good token, every later call (the socket's) with the
    // bad one; its allocation is refused (401), then the good token's provider connects.
    let calls = 0;
    const before = (await loggedRequests('/v4/a')).length;
    const refused = async () =>
      (await loggedRequests('/v4/a')).slice(before).filter((r) => r.refused).length;
    const rejected = await renderLive(source, user, [], {
      getToken: async () => ({
        token: calls++ === 0 ? user.token : bad,
        expiresOnTimestamp: Date.now() + 3_600_000,
      }),
      dispose: () => {},
    });
    // Refused, or (were it accepted) connected: either way its first attempt is over.
    await waitFor(async () =>
      expect((await refused()) > 0 || rejected.events.seen.length > 0).toBe(true),
    );
    if (source.saysWhy) await waitFor(() => expect(rejected.errors.at(-1)?.message).toBeTruthy());
    expect(rejected.states).not.toContain('connected');
    const good = await renderLive(source, user, []);
    await good.events.next('realTimeNotificationConnected');
    await waitFor(() => expect(good.states.at(-1)).toBe('connected'));
    expect(await connectionCount(user.userId)).toBe(1);
    expect(rejected.states).not.toContain('connected');
    expect(rejected.events.seen).toEqual([]);
  });
});

/** A new token for an existing user, from the emulator's Identity API. */
async function issueToken(userId: string): Promise<string> {
  const url = `${emulatorUrl}/identities/${encodeURIComponent(userId)}/:issueAccessToken?api-version=2023-10-01`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: ['chat'] }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** The same claims, signed RS256 with a key the emulator never issued. */
async function forged(token: string): Promise<string> {
  const [header, payload] = token.split('.');
  const { privateKey } = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['sign', 'verify'],
  );
  const signed = new TextEncoder().encode(`${header}.${payload}`);
  const signature = new Uint8Array(
    await crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, signed),
  );
  const base64url = btoa(String.fromCharCode(...signature))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${header}.${payload}.${base64url}`;
}
