// Per-request overhead in headless Chromium: the same four clients, sequence and rotated rounds as
// in Node (overhead-sequences.ts), bundled with esbuild for the browser as an app would ship them
// (the official SDK's browser build included) and run in a page. The page is served from its own
// origin (plain http on loopback, a secure context) and calls the emulator on another, over HTTPS,
// as an app calls ACS: every request is cross-origin, with the CORS preflights that brings. The
// official SDK sends tokens only over TLS, hence HTTPS; the emulator's certificate is self-signed,
// hence the certificate flag, as in the project's real-time browser tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium.ts';
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

/** Serves the page and its bundle on 127.0.0.1. */
async function servePage(code: Uint8Array): Promise<{ url: string; server: Server }> {
  const html =
    '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
  const server = createServer((request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(code);
    } else {
      response.writeHead(204).end(); // the favicon
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

export async function measureOverheadInChromium(
  options: OverheadOptions,
): Promise<ChromiumOverheadResult> {
  if (chromiumLaunchOptions.executablePath === undefined) {
    return { skipped: "no Chromium found (npm test's pretest step installs one)" };
  }
  // The package says it has no side effects, so the entry uses what it imports.
  const page = await bundle(
    `import { runOverhead } from './bench/overhead-page.ts'; globalThis.runOverhead = runOverhead;`,
    'overhead page',
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
  const site = await servePage(page.code);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      ...chromiumLaunchOptions,
      args: [...chromiumLaunchOptions.args, '--ignore-certificate-errors'],
    });
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await tab.exposeFunction('benchBeforeBatch', () => {
      counter.beforeBatch();
      preflights = 0;
    });
    await tab.exposeFunction('benchAfterBatch', (name: string) => {
      counter.afterBatch(name);
      preflightsBy[name] = (preflightsBy[name] ?? 0) + preflights;
    });
    await tab.goto(site.url);
    await tab
      .waitForFunction(() => 'runOverhead' in globalThis)
      .catch((error: unknown) => {
        throw new Error(`the page did not start: ${errors.join('; ') || String(error)}`);
      });
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
  } finally {
    await browser?.close();
    await new Promise((resolve) => site.server.close(resolve));
    await server.close();
  }
}
