// Our ChatProvider live by default, in Chromium: its own ChatRealtimeClient (no `realtime` prop)
// against the emulator on another (https) origin. The guarantees provider.test.tsx holds with the
// official client as the source, with ours: another user's messages reach the cached list by
// events alone, each once and in order, with no poll; a dropped socket is caught up on when it
// comes back; a removed participant hears nothing more of the thread; a forged token gets no
// socket (and the provider says why it is not connected).
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatClient,
  ChatProvider,
  chatKeys,
  CommunicationTokenCredential,
  useChatConnection,
  useChatConnectionError,
  useChatMessages,
  type ChatConnectionState,
  type ChatMessageItem,
  type ChatRealtimeClient,
  type TokenCredentialLike,
} from '../../src/react/index.ts';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import { createUser, emulatorUrl, type BrowserUser } from '../browser/support.ts';
import { gate } from '../support/holding-fetch.ts';
import { connectionCount, drop, loggedRequests } from './support.ts';

const open: { close(): void }[] = [];
afterEach(() => {
  cleanup();
  for (const client of open.splice(0)) client.close();
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

async function threadOf(owner: BrowserUser, others: BrowserUser[], topic: string) {
  const { chatThread } = await core(owner).createChatThread(
    { topic },
    { participants: others.map((u) => ({ id: { communicationUserId: u.userId } })) },
  );
  return chatThread!.id;
}

/**
 * The user's screen: a ChatProvider with their endpoint and credential and no `realtime` prop (our
 * client, by default), whose message lists never poll, so only events and resyncs bring messages.
 * The lists mount once connected, after the resync a connection starts; every chat event the
 * provider's client emits is recorded.
 */
function renderLive(user: BrowserUser, threadIds: string[], credential = staticToken(user.token)) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = {
    states: [] as ChatConnectionState[],
    error: undefined as Error | undefined,
    events: [] as { name: string; payload: { id?: string; threadId?: string } }[],
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
  const recorded = new WeakSet<object>();
  function Messages({ threadId }: { threadId: string }) {
    const list = useChatMessages(threadId);
    view.lists.set(threadId, { loaded: list.isSuccess, messages: list.messages });
    return null;
  }
  function Screen() {
    const state = useChatConnection();
    view.error = useChatConnectionError();
    if (view.states.at(-1) !== state) view.states.push(state);
    const source = useRealtime('Screen').live?.source as ChatRealtimeClient | undefined;
    if (source && !recorded.has(source)) {
      recorded.add(source);
      for (const name of ['chatMessageReceived', 'participantsRemoved'] as const)
        source.on(name, (payload) => view.events.push({ name, payload }));
    }
    const [opened, setOpened] = useState(false);
    if (state === 'connected' && !opened) setOpened(true);
    return opened ? threadIds.map((id) => <Messages key={id} threadId={id} />) : null;
  }
  render(
    <ChatProvider
      endpoint={emulatorUrl}
      credential={credential}
      userId={user.userId}
      queryClient={queryClient}
    >
      <Screen />
    </ChatProvider>,
  );
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

describe('ChatProvider live by default with our ChatRealtimeClient, in Chromium', () => {
  it("brings 100 of another user's messages into the list by events alone: each once, in order, no polls", async () => {
    const [ann, bob] = await Promise.all([createUser(), createUser()]);
    const threadId = await threadOf(ann, [bob], 'Live');
    const view = renderLive(bob, [threadId]);
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
    const view = renderLive(bob, [threadId], {
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

    holding = false;
    held.open();
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
    const view = renderLive(cat, [staying]);
    await waitFor(() => expect(view.lists.get(staying)?.loaded).toBe(true));
    const annClient = core(ann);
    await annClient
      .getChatThreadClient(leaving)
      .removeParticipant({ communicationUserId: cat.userId });
    await waitFor(() =>
      expect(view.events.some((e) => e.name === 'participantsRemoved')).toBe(true),
    );

    const [unseen] = await sendMany(annClient, leaving, 1, 'Not for Cat');
    // Sent after it on the same socket: had the first reached Cat, it would have come before.
    const [later] = await sendMany(annClient, staying, 1, 'Still for Cat');
    await waitFor(() => expect(textIds(view.lists.get(staying)!.messages)).toEqual([later]));
    expect(view.events.filter((e) => e.payload.id === unseen)).toEqual([]);
  });

  it('gives a forged token no socket and says why, while a good one for the same user connects', async () => {
    const user = await createUser();
    const bad = await forged(user.token);
    // The configuration is fetched with the good token, every later call (the socket's) with the
    // forged one: its allocation is refused (401), and the provider says why it is not connected.
    let calls = 0;
    const before = (await loggedRequests('/v4/a')).length;
    const refused = async () =>
      (await loggedRequests('/v4/a')).slice(before).filter((r) => r.refused).length;
    const rejected = renderLive(user, [], {
      getToken: async () => ({
        token: calls++ === 0 ? user.token : bad,
        expiresOnTimestamp: Date.now() + 3_600_000,
      }),
      dispose: () => {},
    });
    await waitFor(async () => expect(await refused()).toBeGreaterThan(0));
    await waitFor(() => expect(rejected.error?.message).toBeTruthy());
    expect(rejected.states).not.toContain('connected');
    const good = renderLive(user, []);
    await waitFor(() => expect(good.states.at(-1)).toBe('connected'));
    expect(await connectionCount(user.userId)).toBe(1);
    expect(rejected.states).not.toContain('connected');
  });
});

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
