// What the page runs in the real-time bench (bundled by realtime.ts, which puts runRealtime on the
// page's globalThis): one user sends; three others have the same conversation screen open, one
// with the official ChatClient as its ChatProvider's real-time source, one with our
// ChatRealtimeClient, one polling as the stories do. The time from each send to the message's
// arrival in each viewer's cache is taken here; the requests of an idle window are counted by Node
// from the emulator's log, between two marks. Then each live viewer's socket is dropped (by Node,
// through the emulator) while messages are sent, timed until they are all in its cache; last, our
// viewer alone takes a stream of events while Node reads the page's heap before and after.
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { QueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatRealtimeClient } from '../src/core/index.ts';
import {
  ChatClient,
  ChatProvider,
  CommunicationTokenCredential,
  type ChatRealtimeSource,
  useChatConnection,
  useChatMessages,
  useChatParticipants,
  useChatThread,
  useReadReceipts,
  type ChatConnectionState,
  type ChatMessageItem,
} from '../src/react/index.ts';

export interface BenchUser {
  userId: string;
  token: string;
}

export interface RealtimePageOptions {
  endpoint: string;
  sender: BenchUser;
  live: BenchUser;
  /** The viewer with our ChatRealtimeClient as its source. */
  ours: BenchUser;
  polling: BenchUser;
  messages: number;
  /** Between two sends. */
  spacingMs: number;
  /** The screen's polling intervals (messages, read receipts). */
  pollMs: number;
  receiptsPollMs: number;
  idleMs: number;
  /** Drops of each live viewer's socket, and the messages sent during each. */
  drops: number;
  dropMessages: number;
  /** Events our viewer takes before the heap is first read, and between the two reads. */
  heapWarmup: number;
  heapEvents: number;
}

export interface RealtimePageResult {
  /** Send to arrival in the viewer's cached list, ms, in the order sent. */
  live: number[];
  ours: number[];
  polling: number[];
  /** Each live viewer's connection states, in order. */
  liveStates: ChatConnectionState[];
  oursStates: ChatConnectionState[];
  /** From each drop to the last message sent meanwhile in the viewer's cache, ms. */
  drop: { live: number[]; ours: number[] };
  /** Messages seen more than once in one of a viewer's cached lists, by viewer. */
  doubled: { live: number; ours: number; polling: number };
  /** The page's used JS heap after a garbage collection, bytes, and the events in between. */
  heap: { before: number; after: number; events: number };
}

export interface RealtimePage {
  runRealtime(options: RealtimePageOptions): Promise<RealtimePageResult>;
  /** Exposed by Node (Playwright's exposeFunction): marks the idle window in the emulator's log. */
  benchMark(name: 'idle-start' | 'idle-end'): Promise<void>;
  /** Exposed by Node: POST /__emulator/realtime/drop for this user; how many sockets closed. */
  benchDrop(userId: string): Promise<number>;
  /** Exposed by Node: has the sender make `count` events in the thread; how many reach a participant. */
  benchEvents(threadId: string, count: number): Promise<number>;
  /** Exposed by Node: the page's used heap after a collection (CDP), bytes. */
  benchHeap(): Promise<number>;
}

const page = globalThis as unknown as RealtimePage;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const label = (i: number) => `bench ${i}`;

/** Waits until `check` holds; a bench step that never ends is a failure, not a hang. */
async function until(check: () => boolean, what: string | (() => string), limitMs = 120_000) {
  const deadline = performance.now() + limitMs;
  while (!check()) {
    if (performance.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(5);
  }
}

/** The conversation screens' queries, one per thread, as stories/conversation has them. */
function Screens(props: {
  threadIds: string[];
  pollMs: number;
  receiptsPollMs: number;
  onState: (state: ChatConnectionState) => void;
}) {
  props.onState(useChatConnection());
  return props.threadIds.map((threadId) => (
    <Screen
      key={threadId}
      threadId={threadId}
      pollMs={props.pollMs}
      receiptsPollMs={props.receiptsPollMs}
    />
  ));
}

/** The conversation screen's queries, as stories/conversation has them. */
function Screen(props: { threadId: string; pollMs: number; receiptsPollMs: number }) {
  useChatThread(props.threadId);
  useChatParticipants(props.threadId);
  useReadReceipts(props.threadId, { refetchInterval: props.receiptsPollMs });
  useChatMessages(props.threadId, { pageSize: 20, refetchInterval: props.pollMs });
  return null;
}

/**
 * Calls `onMounted` once its children's effects have run (a parent's run after its children's):
 * by then the provider listens to its source, so a source started afterwards is heard connecting.
 */
function Mounted(props: { onMounted: () => void; children: ReactNode }) {
  const { onMounted } = props;
  useEffect(onMounted, [onMounted]);
  return props.children;
}

/**
 * A viewer's screen in its own root and cache; records when each bench message first arrives.
 * Without a source it polls (`realtime={false}`: the provider would otherwise connect by itself).
 */
function openViewer(
  options: RealtimePageOptions,
  user: BenchUser,
  threadIds: string[],
  source?: ChatRealtimeSource,
) {
  const client = new ChatClient(options.endpoint, new CommunicationTokenCredential(user.token));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const arrived = new Map<string, number>();
  const states: ChatConnectionState[] = [];
  const doubled = new Set<string>();
  let loaded = false;
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.query.queryKey[5] !== 'messages') return;
    const now = performance.now();
    const data = event.query.state.data as { pages: { items: ChatMessageItem[] }[] } | undefined;
    if (data === undefined) return;
    loaded = true;
    const seen = new Set<string>();
    for (const page of data.pages)
      for (const m of page.items) {
        const text = m.content?.message;
        if (text === undefined) continue;
        if (seen.has(text)) doubled.add(text);
        seen.add(text);
        if (!arrived.has(text)) arrived.set(text, now);
      }
  });
  const element = document.body.appendChild(document.createElement('div'));
  const root = createRoot(element);
  let onMounted!: () => void;
  const mounted = new Promise<void>((resolve) => (onMounted = resolve));
  root.render(
    <Mounted onMounted={onMounted}>
      <ChatProvider
        client={client}
        userId={user.userId}
        queryClient={queryClient}
        realtime={source ?? false}
      >
        <Screens
          threadIds={threadIds}
          pollMs={options.pollMs}
          receiptsPollMs={options.receiptsPollMs}
          onState={(state) => {
            if (states.at(-1) !== state) states.push(state);
          }}
        />
      </ChatProvider>
    </Mounted>,
  );
  return {
    arrived,
    states,
    doubled,
    mounted,
    loaded: () => loaded,
    close() {
      root.unmount();
      element.remove();
      client.close();
    },
  };
}

type Viewer = ReturnType<typeof openViewer>;

/**
 * Drops the viewer's socket, sends messages at once (while it is down) and returns the time from
 * the drop until they are all in its cache; then waits until it is connected again.
 */
async function timeDrop(
  viewer: Viewer,
  user: BenchUser,
  thread: ReturnType<ChatClient['getChatThreadClient']>,
  labels: string[],
): Promise<number> {
  const droppedAt = performance.now();
  if ((await page.benchDrop(user.userId)) === 0)
    throw new Error('the viewer had no socket to drop');
  await Promise.all(labels.map((content) => thread.sendMessage({ content })));
  await until(() => labels.every((l) => viewer.arrived.has(l)), 'the messages sent during a drop');
  const resynced = Math.max(...labels.map((l) => viewer.arrived.get(l)!)) - droppedAt;
  await until(() => viewer.states.at(-1) === 'connected', 'the viewer to connect again');
  return resynced;
}

export const runRealtime: RealtimePage['runRealtime'] = async (options) => {
  const { endpoint, sender, live, ours, polling } = options;
  const senderClient = new ChatClient(endpoint, new CommunicationTokenCredential(sender.token));
  // Two threads, the two live viewers in opposite orders: the service delivers to a thread's
  // participants in turn, so neither client is always served first.
  const threadIds: string[] = [];
  for (const users of [
    [live, ours, polling],
    [ours, live, polling],
  ]) {
    const { chatThread } = await senderClient.createChatThread(
      { topic: 'Real-time bench' },
      { participants: users.map((u) => ({ id: { communicationUserId: u.userId } })) },
    );
    threadIds.push(chatThread!.id);
  }
  const threadId = threadIds[0]!;
  const official = new OfficialChatClient(
    endpoint,
    new AzureCommunicationTokenCredential(live.token),
  );
  const ourClient = new ChatRealtimeClient(endpoint, ours.token);
  // Each provider listens before its source connects, so it hears the first Connected.
  const liveViewer = openViewer(options, live, threadIds, official);
  const oursViewer = openViewer(options, ours, threadIds, ourClient);
  const pollingViewer = openViewer(options, polling, threadIds);
  const started = [liveViewer, oursViewer].map(async (viewer) => {
    await viewer.mounted;
    await (viewer === liveViewer ? official.startRealtimeNotifications() : ourClient.start());
  });
  let officialOpen = true;
  const closeOthers = async () => {
    if (!officialOpen) return;
    officialOpen = false;
    liveViewer.close();
    pollingViewer.close();
    await official.stopRealtimeNotifications();
  };
  try {
    await Promise.all(started);
    await until(
      () =>
        liveViewer.states.at(-1) === 'connected' &&
        oursViewer.states.at(-1) === 'connected' &&
        liveViewer.loaded() &&
        oursViewer.loaded() &&
        pollingViewer.loaded(),
      'the screens to load and the live ones to connect',
    );

    const threads = threadIds.map((id) => senderClient.getChatThreadClient(id));
    const thread = threads[0]!;
    const sentAt: number[] = [];
    const sends: Promise<unknown>[] = [];
    const start = performance.now();
    for (let i = 0; i < options.messages; i++) {
      await sleep(start + i * options.spacingMs - performance.now());
      sentAt.push(performance.now());
      sends.push(threads[i % 2]!.sendMessage({ content: label(i) }));
    }
    await Promise.all(sends);
    const all = (viewer: Viewer) => sentAt.every((_, i) => viewer.arrived.has(label(i)));
    await until(
      () => all(liveViewer) && all(oursViewer) && all(pollingViewer),
      'every message in every cache',
    );
    const latencies = (viewer: Viewer) => sentAt.map((at, i) => viewer.arrived.get(label(i))! - at);

    // The idle window: the screens stay open, nothing is sent.
    await page.benchMark('idle-start');
    await sleep(options.idleMs);
    await page.benchMark('idle-end');

    // Drops, one viewer at a time, in turns (who goes first alternates).
    const drop = { live: [] as number[], ours: [] as number[] };
    for (let round = 0; round < options.drops; round++) {
      const turns = [
        ['live', liveViewer, live],
        ['ours', oursViewer, ours],
      ] as const;
      for (const [name, viewer, user] of round % 2 === 0 ? turns : [...turns].reverse()) {
        const labels = Array.from(
          { length: options.dropMessages },
          (_, i) => `drop ${round} ${name} ${i}`,
        );
        drop[name].push(await timeDrop(viewer, user, thread, labels));
      }
    }
    const result = {
      live: latencies(liveViewer),
      ours: latencies(oursViewer),
      polling: latencies(pollingViewer),
      liveStates: [...liveViewer.states],
      doubled: {
        live: liveViewer.doubled.size,
        ours: oursViewer.doubled.size,
        polling: pollingViewer.doubled.size,
      },
      drop,
    };

    // The heap: our viewer alone, its events counted as our client emits them.
    await closeOthers();
    let heard = 0;
    const count = () => void heard++;
    const kinds = [
      'chatMessageReceived',
      'chatMessageEdited',
      'typingIndicatorReceived',
      'readReceiptReceived',
    ] as const;
    for (const kind of kinds) ourClient.on(kind, count);
    const events = async (n: number) => {
      const expected = heard + (await page.benchEvents(threadId, n));
      await until(
        () => heard >= expected,
        () => `our viewer to hear every event (${heard} of ${expected}, ${ourClient.state})`,
      );
    };
    // A warm-up first, so code compiled and caches filled on first use are in both readings.
    await events(options.heapWarmup);
    const before = await page.benchHeap();
    await events(options.heapEvents);
    const after = await page.benchHeap();
    for (const kind of kinds) ourClient.off(kind, count);
    return {
      ...result,
      oursStates: [...oursViewer.states],
      heap: { before, after, events: options.heapEvents },
    };
  } finally {
    oursViewer.close();
    senderClient.close();
    await closeOthers();
    await ourClient.stop();
  }
};
