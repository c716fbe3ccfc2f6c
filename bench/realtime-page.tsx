// What the page runs in the real-time bench (bundled by realtime.ts, which puts runRealtime on the
// page's globalThis): one user sends; two others have the same conversation screen open, one with
// the official ChatClient as its ChatProvider's real-time source, one polling as the stories do.
// The time from each send to the message's arrival in each viewer's cache is taken here; the
// requests of an idle window are counted by Node from the emulator's log, between two marks.
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { QueryClient } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import {
  ChatClient,
  ChatProvider,
  CommunicationTokenCredential,
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
  polling: BenchUser;
  messages: number;
  /** Between two sends. */
  spacingMs: number;
  /** The screen's polling intervals (messages, read receipts). */
  pollMs: number;
  receiptsPollMs: number;
  idleMs: number;
}

export interface RealtimePageResult {
  /** Send to arrival in the viewer's cached list, ms, in the order sent. */
  live: number[];
  polling: number[];
  /** The live viewer's connection states, in order. */
  liveStates: ChatConnectionState[];
}

export interface RealtimePage {
  runRealtime(options: RealtimePageOptions): Promise<RealtimePageResult>;
  /** Exposed by Node (Playwright's exposeFunction): marks the idle window in the emulator's log. */
  benchMark(name: 'idle-start' | 'idle-end'): Promise<void>;
}

const page = globalThis as unknown as RealtimePage;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const label = (i: number) => `bench ${i}`;

/** Waits until `check` holds; a bench step that never ends is a failure, not a hang. */
async function until(check: () => boolean, what: string, limitMs = 120_000) {
  const deadline = performance.now() + limitMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The conversation screen's queries, as stories/conversation has them. */
function Screen(props: {
  threadId: string;
  pollMs: number;
  receiptsPollMs: number;
  onState: (state: ChatConnectionState) => void;
}) {
  props.onState(useChatConnection());
  useChatThread(props.threadId);
  useChatParticipants(props.threadId);
  useReadReceipts(props.threadId, { refetchInterval: props.receiptsPollMs });
  useChatMessages(props.threadId, { pageSize: 20, refetchInterval: props.pollMs });
  return null;
}

/** A viewer's screen in its own root and cache; records when each bench message first arrives. */
function openViewer(
  options: RealtimePageOptions,
  user: BenchUser,
  threadId: string,
  source?: OfficialChatClient,
) {
  const client = new ChatClient(options.endpoint, new CommunicationTokenCredential(user.token));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const arrived = new Map<string, number>();
  const states: ChatConnectionState[] = [];
  let loaded = false;
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.query.queryKey[5] !== 'messages') return;
    const now = performance.now();
    const data = event.query.state.data as { pages: { items: ChatMessageItem[] }[] } | undefined;
    if (data === undefined) return;
    loaded = true;
    for (const page of data.pages)
      for (const m of page.items) {
        const text = m.content?.message;
        if (text !== undefined && !arrived.has(text)) arrived.set(text, now);
      }
  });
  const element = document.body.appendChild(document.createElement('div'));
  const root = createRoot(element);
  root.render(
    <ChatProvider client={client} userId={user.userId} queryClient={queryClient} realtime={source}>
      <Screen
        threadId={threadId}
        pollMs={options.pollMs}
        receiptsPollMs={options.receiptsPollMs}
        onState={(state) => {
          if (states.at(-1) !== state) states.push(state);
        }}
      />
    </ChatProvider>,
  );
  return {
    arrived,
    states,
    loaded: () => loaded,
    close() {
      root.unmount();
      element.remove();
      client.close();
    },
  };
}

export const runRealtime: RealtimePage['runRealtime'] = async (options) => {
  const { endpoint, sender, live, polling } = options;
  const senderClient = new ChatClient(endpoint, new CommunicationTokenCredential(sender.token));
  const { chatThread } = await senderClient.createChatThread(
    { topic: 'Real-time bench' },
    {
      participants: [live, polling].map((u) => ({ id: { communicationUserId: u.userId } })),
    },
  );
  const threadId = chatThread!.id;
  const official = new OfficialChatClient(
    endpoint,
    new AzureCommunicationTokenCredential(live.token),
  );
  // The provider listens from the start, so it hears the first Connected.
  const started = official.startRealtimeNotifications();
  const liveViewer = openViewer(options, live, threadId, official);
  const pollingViewer = openViewer(options, polling, threadId);
  try {
    await started;
    await until(
      () =>
        liveViewer.states.at(-1) === 'connected' && liveViewer.loaded() && pollingViewer.loaded(),
      'both screens to load and the live one to connect',
    );

    const thread = senderClient.getChatThreadClient(threadId);
    const sentAt: number[] = [];
    const sends: Promise<unknown>[] = [];
    const start = performance.now();
    for (let i = 0; i < options.messages; i++) {
      await sleep(start + i * options.spacingMs - performance.now());
      sentAt.push(performance.now());
      sends.push(thread.sendMessage({ content: label(i) }));
    }
    await Promise.all(sends);
    const all = (viewer: { arrived: Map<string, number> }) =>
      sentAt.every((_, i) => viewer.arrived.has(label(i)));
    await until(() => all(liveViewer) && all(pollingViewer), 'every message in both caches');
    const latencies = (viewer: { arrived: Map<string, number> }) =>
      sentAt.map((at, i) => viewer.arrived.get(label(i))! - at);

    // The idle window: both screens stay open, nothing is sent.
    await page.benchMark('idle-start');
    await sleep(options.idleMs);
    await page.benchMark('idle-end');
    return {
      live: latencies(liveViewer),
      polling: latencies(pollingViewer),
      liveStates: [...liveViewer.states],
    };
  } finally {
    liveViewer.close();
    pollingViewer.close();
    senderClient.close();
    await official.stopRealtimeNotifications();
  }
};
