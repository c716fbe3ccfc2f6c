// ChatProvider's default real-time source: our own ChatRealtimeClient for the endpoint and
// credential, over real sockets to the emulator (the react project's WebSocket is the `ws`
// package's: see websocket-setup.ts). It connects once under StrictMode and closes on unmount,
// merges pushed messages with no poll, is off with realtime={false}, falls back to polling (and
// says why) when it cannot connect, resyncs on a notification lost, and keeps what events keep
// current fresh: no refetch on remount while connected, TanStack's staleness again after a drop.
import { QueryClient } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  ChatClient,
  ChatProvider,
  ChatRealtimeClient,
  CommunicationTokenCredential,
  useChatConnection,
  useChatConnectionError,
  useChatMessages,
  useChatParticipants,
  useChatThreads,
  useChatThreadSummary,
  useReadReceipts,
  type ChatConnectionState,
} from '../../src/react/index.ts';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { ScriptedRealtime } from '../support/scripted-realtime.ts';
import { requestsTo } from './helpers.tsx';
import { conversation as seeded, texts } from './live-view.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
afterEach(() => {
  vi.unstubAllGlobals();
  emu.emulator.faults.clear();
});

const conversation = () => seeded(emu);
const configRequests = () => requestsTo(emu, 'GET', /^\/chat\/config\/realTimeNotifications$/);
const chatGets = () => requestsTo(emu, 'GET', /^\/chat\/threads/).length;

/**
 * The platform's WebSocket (ws's), with a tap: the sockets made, frames from the service the test
 * drops before the client reads them (a notification the service lost), and frames it delivers as
 * if the service sent them (what the emulator never sends, e.g. trouter.message_loss).
 */
function tapSockets() {
  const sockets: Tapped[] = [];
  const drop: { when?: (frame: string) => boolean } = {};
  // ws keeps onmessage as an accessor on its prototype: each socket shadows it with one that
  // filters what reaches the client's handler.
  const inherited = Object.getOwnPropertyDescriptor(NodeWebSocket.prototype, 'onmessage')!;
  class Tapped extends NodeWebSocket {
    #handler: ((event: { data: unknown }) => void) | null = null;
    constructor(url: string) {
      super(url);
      sockets.push(this);
      Object.defineProperty(this, 'onmessage', {
        get: () => this.#handler,
        set: (handler: ((event: { data: unknown }) => void) | null) => {
          this.#handler = handler;
          inherited.set!.call(
            this,
            handler
              ? (event: { data: unknown }) => {
                  const data = String(event.data);
                  if (!drop.when?.(data)) handler({ data });
                }
              : null,
          );
        },
      });
    }
    /** A frame as if the service sent it. */
    deliver(frame: string) {
      this.#handler?.({ data: frame });
    }
  }
  vi.stubGlobal('WebSocket', Tapped);
  return { sockets, drop };
}

interface Seen {
  connection: ChatConnectionState;
  error?: Error;
  messages: { content?: { message?: string } }[];
  live?: { pending: { resyncs: number } };
}

/**
 * Ann's screen: a ChatProvider with her endpoint and credential (StrictMode), and, while `shown`,
 * her threads, the thread's messages (polling every 50 ms where asked for), participants,
 * receipts and summary.
 */
function renderAnn(
  ann: EmulatorUser,
  threadId: string,
  options: { realtime?: false | ScriptedRealtime; interval?: number; staleTime?: number } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity } },
  });
  const credential = new CommunicationTokenCredential(ann.token);
  const seen: { current?: Seen } = {};
  // An explicit staleTime, only where the test gives one.
  const staleTime = options.staleTime === undefined ? {} : { staleTime: options.staleTime };
  function Screen() {
    useChatThreads(staleTime);
    useChatParticipants(threadId);
    useReadReceipts(threadId);
    useChatThreadSummary(threadId);
    const list = useChatMessages(threadId, {
      refetchInterval: options.interval,
      ...staleTime,
    });
    seen.current = { ...seen.current!, messages: list.messages };
    return null;
  }
  function Connection() {
    seen.current = {
      messages: [],
      ...seen.current,
      connection: useChatConnection(),
      error: useChatConnectionError(),
      live: useRealtime('test').live,
    };
    return null;
  }
  const tree = (shown: boolean): ReactNode => (
    <StrictMode>
      <ChatProvider
        endpoint={emu.url}
        credential={credential}
        userId={ann.userId}
        queryClient={queryClient}
        realtime={options.realtime}
      >
        <Connection />
        {shown && <Screen />}
      </ChatProvider>
    </StrictMode>
  );
  const rendered = render(tree(true));
  return {
    seen: seen as { current: Seen },
    queryClient,
    rendered,
    show: (shown: boolean) => rendered.rerender(tree(shown)),
    /** A new provider, for the same QueryClient, endpoint, credential and user. */
    renderAgain: () => render(tree(true)),
    /** Connected, and every query settled, the connection's resync included. */
    settled: () =>
      waitFor(() => {
        expect(seen.current?.connection).toBe('connected');
        expect(seen.current?.live?.pending.resyncs).toBe(0);
        expect(queryClient.isFetching()).toBe(0);
      }),
  };
}

describe('ChatProvider, live by default with our ChatRealtimeClient', () => {
  it('connects once under StrictMode, merges a pushed message with no poll, and closes on unmount', async () => {
    const { ann, bobThread, threadId } = await conversation();
    const configsBefore = configRequests().length;
    const { seen, rendered, settled } = renderAnn(ann, threadId, { interval: 50 });
    await settled();
    expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
    expect(configRequests().length - configsBefore).toBe(1);
    const polls = () =>
      requestsTo(emu, 'GET', /\/messages$/).filter((r) => r.url.includes('startTime')).length;
    const pollsBefore = polls();
    await bobThread.sendMessage({ content: 'pushed' });
    await waitFor(() => expect(texts(seen.current.messages)).toContain('pushed'));
    expect(polls()).toBe(pollsBefore);
    rendered.unmount();
    await waitFor(() => expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(0));
  });

  it('hands its connection to a provider mounted again at once: no reconnect, no refetch', async () => {
    const { ann, threadId } = await conversation();
    const app = renderAnn(ann, threadId);
    await app.settled();
    const configs = configRequests().length;
    const gets = chatGets();
    app.rendered.unmount();
    const again = app.renderAgain();
    await app.settled();
    expect(app.seen.current.connection).toBe('connected');
    expect(configRequests().length).toBe(configs);
    expect(chatGets()).toBe(gets);
    expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
    // Once no provider takes it, it stops.
    again.unmount();
    await waitFor(() => expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(0));
  });

  it('connects with the endpoint and credential of a client given instead', async () => {
    const { ann } = await conversation();
    const client = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token));
    function Probe() {
      return <p>{useChatConnection()}</p>;
    }
    const view = render(
      <ChatProvider client={client} userId={ann.userId}>
        <Probe />
      </ChatProvider>,
    );
    await waitFor(() => expect(view.container.textContent).toBe('connected'));
    expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
    view.unmount();
    await waitFor(() => expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(0));
    client.close();
  });

  it('takes a ChatRealtimeClient the app started and connected before the provider listened', async () => {
    const { ann } = await conversation();
    const source = new ChatRealtimeClient(emu.url, new CommunicationTokenCredential(ann.token));
    await source.start();
    function Probe() {
      return <p>{useChatConnection()}</p>;
    }
    const view = render(
      <ChatProvider
        endpoint={emu.url}
        credential={new CommunicationTokenCredential(ann.token)}
        userId={ann.userId}
        realtime={source}
      >
        <Probe />
      </ChatProvider>,
    );
    // It says Connected no more: the provider reads the state it is in.
    await waitFor(() => expect(view.container.textContent).toBe('connected'));
    view.unmount();
    await source.stop();
  });

  it('stays off with realtime={false}: no real-time request, and the list polls', async () => {
    const { ann, bobThread, threadId } = await conversation();
    const configsBefore = configRequests().length;
    const { seen } = renderAnn(ann, threadId, { realtime: false, interval: 50 });
    await waitFor(() => expect(seen.current.messages.length).toBeGreaterThan(0));
    expect(seen.current.connection).toBe('off');
    await bobThread.sendMessage({ content: 'polled' });
    await waitFor(() => expect(texts(seen.current.messages)).toContain('polled'));
    expect(configRequests().length).toBe(configsBefore);
    expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(0);
  });

  it('falls back to polling when it cannot connect, and says why', async () => {
    const { ann, bobThread, threadId } = await conversation();
    emu.emulator.faults.add({ path: '/chat/config/realTimeNotifications', status: 500 });
    const { seen } = renderAnn(ann, threadId, { interval: 50 });
    await waitFor(() => {
      expect(seen.current.connection).toBe('disconnected');
      expect(seen.current.error?.message).toBeTruthy();
    });
    await bobThread.sendMessage({ content: 'polled instead' });
    await waitFor(() => expect(texts(seen.current.messages)).toContain('polled instead'));
  });

  it('fetches what a notification the service lost carried (trouter.message_loss)', async () => {
    const { ann, bobThread, threadId } = await conversation();
    const tap = tapSockets();
    const { seen, settled } = renderAnn(ann, threadId);
    await settled();
    tap.drop.when = (frame) => frame.includes('lost on the way');
    await bobThread.sendMessage({ content: 'lost on the way' });
    await bobThread.sendMessage({ content: 'after it' });
    await waitFor(() => expect(texts(seen.current.messages)).toContain('after it'));
    expect(texts(seen.current.messages)).not.toContain('lost on the way');
    const loss = { name: 'trouter.message_loss', args: [{ droppedIndicators: [{ tag: 'x' }] }] };
    act(() => tap.sockets.at(-1)!.deliver(`5:1+::${JSON.stringify(loss)}`));
    await waitFor(() => expect(texts(seen.current.messages)).toContain('lost on the way'));
  });
});

describe('fresh by events, not by refetch', () => {
  it('makes no request on a remount while connected, and refetches again after a disconnect', async () => {
    const { ann, threadId } = await conversation();
    const { show, settled, seen, queryClient } = renderAnn(ann, threadId);
    await settled();
    const before = chatGets();
    show(false);
    show(true);
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(chatGets()).toBe(before);
    // The service goes away: every reconnect fails, and the client says disconnected.
    for (const path of ['/trouter/**', '/v4/a', '/socket.io/**'])
      emu.emulator.faults.add({ path, status: 503 });
    emu.emulator.realtime.drop(ann.userId);
    await waitFor(() => expect(seen.current.connection).toBe('disconnected'));
    show(false);
    show(true);
    await waitFor(() => expect(chatGets()).toBeGreaterThan(before));
  });

  it('also with an app source, and an explicit staleTime still wins', async () => {
    const { ann, threadId } = await conversation();
    const source = new ScriptedRealtime();
    const app = renderAnn(ann, threadId, { realtime: source });
    await waitFor(() => expect(source.listenerCount).toBe(12));
    act(() => source.emit('realTimeNotificationConnected'));
    await app.settled();
    const before = chatGets();
    app.show(false);
    app.show(true);
    await waitFor(() => expect(app.queryClient.isFetching()).toBe(0));
    expect(chatGets()).toBe(before);
    app.rendered.unmount();

    const explicit = renderAnn(ann, threadId, { realtime: source, staleTime: 0 });
    await waitFor(() => expect(source.listenerCount).toBe(12));
    act(() => source.emit('realTimeNotificationConnected'));
    await explicit.settled();
    const threadsBefore = requestsTo(emu, 'GET', /^\/chat\/threads$/).length;
    explicit.show(false);
    explicit.show(true);
    await waitFor(() =>
      expect(requestsTo(emu, 'GET', /^\/chat\/threads$/).length).toBeGreaterThan(threadsBefore),
    );
  });
});
