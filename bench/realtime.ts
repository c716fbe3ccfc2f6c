// Real-time against polling, side by side in one headless Chromium page (realtime-page.tsx): how
// long a message takes from one user's send to another's cached list, for a viewer whose
// ChatProvider has the official ChatClient as its real-time source and for one polling at the
// stories' interval; then how many requests each makes per minute with the conversation open and
// idle, counted from the emulator's request log over a fixed window.
import {
  createChatEmulator,
  createChatEmulatorServer,
  type EmulatorRequestRecord,
} from '../src/emulator/index.ts';
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
}

export type RealtimeResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      latency: { live: Summary; polling: Summary };
      /** Requests per minute in the idle window, by viewer. */
      perMinute: { live: number; polling: number };
      liveStates: RealtimePageResult['liveStates'];
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
  const [sender, live, polling] = [await user(), await user(), await user()];
  let idleFrom = 0;
  let idle: EmulatorRequestRecord[] = [];
  try {
    return await withChromiumPage(
      page.code,
      'runRealtime',
      async (tab) => {
        await tab.exposeFunction('benchMark', (name: string) => {
          if (name === 'idle-start') idleFrom = emulator.requests.length;
          else idle = emulator.requests.slice(idleFrom);
        });
      },
      async (tab, browser) => {
        const result = await tab.evaluate(
          (pageOptions) => (globalThis as unknown as RealtimePage).runRealtime(pageOptions),
          {
            endpoint: server.url,
            sender,
            live,
            polling,
            messages: options.messages,
            spacingMs: options.spacingMs,
            pollMs: storyPollMs,
            receiptsPollMs: storyReceiptsPollMs,
            idleMs: options.idleMs,
          },
        );
        const perMinute = (viewer: BenchUser) =>
          (idle.filter(byUser(viewer.token)).length * 60_000) / options.idleMs;
        return {
          latency: { live: summarize(result.live), polling: summarize(result.polling) },
          perMinute: { live: perMinute(live), polling: perMinute(polling) },
          liveStates: result.liveStates,
          browser: `Chromium ${browser.version()}`,
        };
      },
    );
  } finally {
    await server.close();
  }
}
