// Rendering: the Inbox story with 10,000 threads (Screens/Inbox, TenThousandThreads: the bulk user,
// pages of 100) in headless Chromium. Storybook's dev server serves the story and, through the
// emulator's Vite plugin, the seeded emulator under /acs, exactly as `npm start` does. In the page,
// the list is scrolled to its end on every animation frame until the status line says the last
// page is in; meanwhile the rows in the DOM are counted each frame. The story's own play function
// also scrolls the first pages; it runs in the page as it would for a viewer.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium.ts';
import { root } from './size.ts';

export type RenderResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      /** Most `li` rows in the list at any frame while scrolling. */
      maxRowsInDom: number;
      rowsAtEnd: number;
      threadsLoaded: number;
      /** From the first page shown to the status line reporting the last page. */
      scrollMs: number;
      /** Thread-list requests the page made (network log), first page included. */
      requests: number;
      storybookStartMs: number;
      notes: string[];
    };

const storyFile = join(root, 'stories/Inbox.stories.tsx');
const storyId = 'screens-inbox--ten-thousand-threads';
const chromiumPath = chromiumLaunchOptions.executablePath;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`storybook exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`storybook did not answer at ${url} within ${timeoutMs} ms`);
}

/** Runs in the page: scroll to the end every frame until the status line shows the last page. */
function scrollToEnd(timeoutMs: number) {
  return new Promise<{ maxRows: number; rowsAtEnd: number; loaded: number; ms: number }>(
    (resolve, reject) => {
      // Looked up every frame: a re-render (Storybook's HMR when a file changes) may replace it.
      const scroller = () =>
        document.querySelector<HTMLElement>('[aria-label="Threads, scrollable"]');
      if (scroller() === null) {
        reject(new Error('no thread list'));
        return;
      }
      const rows = () => document.querySelectorAll('[aria-label="Threads"] li').length;
      const status = () => document.querySelector('[aria-label="List status"]')?.textContent ?? '';
      const started = performance.now();
      let maxRows = 0;
      const frame = () => {
        maxRows = Math.max(maxRows, rows());
        const text = status();
        if (text.includes('that is all')) {
          resolve({
            maxRows,
            rowsAtEnd: rows(),
            loaded: Number(/(\d+) threads? loaded/.exec(text)?.[1] ?? 0),
            ms: performance.now() - started,
          });
          return;
        }
        if (performance.now() - started > timeoutMs) {
          reject(new Error(`not at the end after ${timeoutMs} ms: "${text}"`));
          return;
        }
        const element = scroller();
        if (element !== null) element.scrollTop = element.scrollHeight;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    },
  );
}

export async function measureRendering(threads: number): Promise<RenderResult> {
  if (!existsSync(storyFile)) return { skipped: 'stories/Inbox.stories.tsx does not exist yet' };
  if (chromiumPath === undefined)
    return { skipped: "no Chromium found (npm test's pretest step installs one)" };
  const port = await freePort();
  const started = performance.now();
  // Its own process group, so stopping it also stops the Vite server it runs.
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/storybook/dist/bin/dispatcher.js'),
      'dev',
      '--ci',
      '--quiet',
      '--no-version-updates',
      '--exact-port',
      '--host',
      '127.0.0.1',
      '-p',
      String(port),
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/iframe.html`, child, 180_000);
    const storybookStartMs = performance.now() - started;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let requests = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/chat/threads')) requests++;
    });
    await page.goto(`${base}/iframe.html?id=${storyId}&viewMode=story`);
    // The first page: the dev server may still be optimizing dependencies on a first visit.
    await page.waitForSelector('[aria-label="Threads"] li', { timeout: 120_000 });
    const result = await page.evaluate(scrollToEnd, 120_000);
    if (result.loaded !== threads) {
      throw new Error(`the story loaded ${result.loaded} threads, expected ${threads}`);
    }
    return {
      maxRowsInDom: result.maxRows,
      rowsAtEnd: result.rowsAtEnd,
      threadsLoaded: result.loaded,
      scrollMs: result.ms,
      requests,
      storybookStartMs,
      notes: [
        `Rendering: Storybook dev server up in ${(storybookStartMs / 1000).toFixed(1)} s; story ` +
          `${storyId} at 1280x800 in ${chromiumPath} (headless); the list scrolled to its end on ` +
          `every animation frame.`,
      ],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- storybook output (tail) ---\n${output.slice(-2000)}`, {
      cause: error,
    });
  } finally {
    await browser.close();
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // the group we started, and only it
      } catch {
        // Already gone.
      }
    }
  }
}
