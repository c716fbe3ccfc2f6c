// Real-time against polling, side by side in one headless Chromium page (realtime-page.tsx): how
// long a message takes from one user's send to another's cached list, for a viewer whose
// ChatProvider has the official ChatClient as its real-time source, one with our
// ChatRealtimeClient and one polling at the stories' interval; how many requests each makes per
// minute with the conversation open and idle, counted from the emulator's request log over a fixed
// window; how long each live viewer takes from a dropped socket to a resynced list; and our
// viewer's heap before and after a stream of events, read through the DevTools protocol.
import {
  createChatEmulator,
  createChatEmulatorServer,
  type EmulatorRequestRecord,
} from '../src/emulator/index.ts';
import { latestChatApiVersion } from '../src/emulator/api-version.ts';
import { chromiumMissing, withChromiumPage } from './chromium-page.ts';
import type { BenchUser, RealtimePage, RealtimePageResult } from './realtime-page.tsx';
import { bundle } from './size.ts';
import { summarize, type Summary } from './stats.ts';

/** As stories/conversation polls: messages every 3 s (MessageList), read receipts every 5 s. */
export const storyPollMs = 3000;
const storyReceiptsPollMs = 5000;

export interface RealtimeOptions {
  messages: number;
  spacingMs: number;
  idleMs: number;
  drops: number;
  dropMessages: number;
  heapWarmup: number;
  heapEvents: number;
}

export type RealtimeResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      latency: { live: Summary; ours: Summary; polling: Summary };
      /** Requests per minute in the idle window, by viewer. */
      perMinute: { live: number; ours: number; polling: number };
      /** From a dropped socket to the messages sent meanwhile all in the viewer's cache. */
      drop: { live: Summary; ours: Summary };
      doubled: RealtimePageResult['doubled'];
      heap: RealtimePageResult['heap'];
      liveStates: RealtimePageResult['liveStates'];
      oursStates: RealtimePageResult['oursStates'];
      browser: string;
    };

/** Whether a logged request carried this user's token (REST or the real-time channel). */
const byUser = (token: string) => (record: EmulatorRequestRecord) =>
  record.headers.authorization === `Bearer ${token}` || record.headers['x-skypetoken'] === token;

export async function measureRealtime(options: RealtimeOptions): Promise<RealtimeResult> {
  const missing = chromiumMissing();
  if (missing !== undefined) return { skipped: missing };
  const page = await bundle(
    `import { runRealtime } from './bench/realtime-page.tsx'; globalThis.runRealtime = runRealtime;`,
    'real-time page',
    [],
    { withPeers: true, page: true },
  );
  const emulator = createChatEmulator({ requestLog: { limit: 100_000, bodyBytes: 0 } });
  const server = await createChatEmulatorServer({ port: 0, https: true, emulator });
  const user = async (): Promise<BenchUser> => {
    const { userId, token } = await emulator.createUser();
    return { userId, token };
  };
  const [sender, live, ours, polling] = [await user(), await user(), await user(), await user()];
  // The sender's calls for the heap's events go to the emulator's Fetch handler in this process:
  // thousands of them, faster than the page could make them and outside the heap measured.
  const call = async (method: string, path: string, body: object) => {
    const response = await emulator.handle(
      new Request(`${server.url}${path}?api-version=${latestChatApiVersion}`, {
        method,
        headers: {
          authorization: `Bearer ${sender.token}`,
          'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );
    if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status}`);
    return response;
  };
  const edited: string[] = [];
  let made = 0;
  let idle: EmulatorRequestRecord[] = [];
  try {
    return await withChromiumPage(
      page.code,
      'runRealtime',
      async (tab) => {
        await tab.exposeFunction('benchMark', (name: string) => {
          // The log is a ring of the latest records (its length stops growing once full): clear it.
          if (name === 'idle-start') emulator.clearRequests();
          else idle = [...emulator.requests];
        });
        await tab.exposeFunction('benchDrop', async (userId: string) => {
          const response = await emulator.handle(
            new Request(`${server.url}/__emulator/realtime/drop`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ userId }),
            }),
          );
          return ((await response.json()) as { dropped: number }).dropped;
        });
        // Edits of a few messages, typing notifications and read receipts in turn: events that
        // change what the cache holds without adding to it, so what the heap keeps is the code's.
        await tab.exposeFunction('benchEvents', async (threadId: string, count: number) => {
          const thread = `/chat/threads/${encodeURIComponent(threadId)}`;
          let events = 0;
          if (edited.length === 0) {
            for (let i = 0; i < 20; i++, events++) {
              const response = await call('POST', `${thread}/messages`, { content: `heap ${i}` });
              edited.push(((await response.json()) as { id: string }).id);
            }
          }
          for (let i = 0; i < count; i++, events++, made++) {
            const id = edited[made % edited.length]!;
            const kind = made % 3;
            if (kind === 0) {
              const content = `heap ${made % edited.length} ${Math.floor(made / 3) % 2}`;
              await call('PATCH', `${thread}/messages/${id}`, { content });
            } else if (kind === 1) {
              // Two notifications alike in the same millisecond are one delivered twice, which
              // the client rightly drops: the name keeps each one an event of its own.
              const senderDisplayName = `sender ${made % 999}`;
              await call('POST', `${thread}/typing`, { senderDisplayName });
            } else await call('POST', `${thread}/readReceipts`, { chatMessageId: id });
          }
          return events;
        });
        const devtools = await tab.context().newCDPSession(tab);
        await tab.exposeFunction('benchHeap', async () => {
          await devtools.send('HeapProfiler.collectGarbage');
          return (await devtools.send('Runtime.getHeapUsage')).usedSize;
        });
      },
      async (tab, browser) => {
        const result = await tab.evaluate(
          (pageOptions) => (globalThis as unknown as RealtimePage).runRealtime(pageOptions),
          {
            endpoint: server.url,
            sender,
            live,
            ours,
            polling,
            messages: options.messages,
            spacingMs: options.spacingMs,
            pollMs: storyPollMs,
            receiptsPollMs: storyReceiptsPollMs,
            idleMs: options.idleMs,
            drops: options.drops,
            dropMessages: options.dropMessages,
            heapWarmup: options.heapWarmup,
            heapEvents: options.heapEvents,
          },
        );
        const perMinute = (viewer: BenchUser) =>
          (idle.filter(byUser(viewer.token)).length * 60_000) / options.idleMs;
        return {
          latency: {
            live: summarize(result.live),
            ours: summarize(result.ours),
            polling: summarize(result.polling),
          },
          perMinute: { live: perMinute(live), ours: perMinute(ours), polling: perMinute(polling) },
          drop: { live: summarize(result.drop.live), ours: summarize(result.drop.ours) },
          doubled: result.doubled,
          heap: result.heap,
          liveStates: result.liveStates,
          oursStates: result.oursStates,
          browser: `Chromium ${browser.version()}`,
        };
      },
    );
  } finally {
    await server.close();
  }
}
