// Per-request overhead in headless Chromium: the same four clients, sequence and rotated rounds as
// in Node (overhead-sequences.ts), bundled with esbuild for the browser as an app would ship them
// (the official SDK's browser build included) and run in a page. The page is served from its own
// origin (plain http on loopback, a secure context) and calls the emulator on another, over HTTPS,
// as an app calls ACS: every request is cross-origin, with the CORS preflights that brings. The
// official SDK sends tokens only over TLS, hence HTTPS; the emulator's certificate is self-signed,
// hence the certificate flag, as in the project's real-time browser tests.
import { chromiumMissing, withChromiumPage } from './chromium-page.ts';
import {
  overheadRows,
  requestCounter,
  startOverheadEmulator,
  type OverheadOptions,
  type OverheadResult,
} from './overhead.ts';
import type { OverheadPage } from './overhead-page.ts';
import { bundle } from './size.ts';

export type ChromiumOverheadResult =
  | { skipped: string }
  | (OverheadResult & { skipped?: undefined; bundleBytes: number; browser: string });

export async function measureOverheadInChromium(
  options: OverheadOptions,
): Promise<ChromiumOverheadResult> {
  const missing = chromiumMissing();
  if (missing !== undefined) return { skipped: missing };
  // The package says it has no side effects, so the entry uses what it imports.
  const page = await bundle(
    `import { runOverhead } from './bench/overhead-page.ts'; globalThis.runOverhead = runOverhead;`,
    'overhead page',
    [],
    { page: true },
  );
  // Preflights are not in the emulator's request log; they are counted here, by client.
  let preflights = 0;
  const { server, token } = await startOverheadEmulator({
    onExchange: ({ request }) => {
      if (request.method === 'OPTIONS') preflights++;
    },
  });
  const counter = requestCounter(server.emulator);
  const preflightsBy: Record<string, number> = {};
  try {
    return await withChromiumPage(
      page.code,
      'runOverhead',
      async (tab) => {
        await tab.exposeFunction('benchBeforeBatch', () => {
          counter.beforeBatch();
          preflights = 0;
        });
        await tab.exposeFunction('benchAfterBatch', (name: string) => {
          counter.afterBatch(name);
          preflightsBy[name] = (preflightsBy[name] ?? 0) + preflights;
        });
      },
      async (tab, browser) => {
        const samples = await tab.evaluate(
          ([endpoint, token, rounds, perRound]) =>
            (globalThis as unknown as OverheadPage).runOverhead(endpoint, token, rounds, perRound),
          [server.url, token, options.rounds, options.sequencesPerRound] as const,
        );
        return {
          ...overheadRows(samples, counter.counts, options, preflightsBy),
          bundleBytes: page.minified,
          browser: `Chromium ${browser.version()}`,
        };
      },
    );
  } finally {
    await server.close();
  }
}
