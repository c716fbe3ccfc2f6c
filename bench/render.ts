// Rendering: the Inbox story with 10,000 threads (Screens/Inbox, TenThousandThreads: the bulk user,
// pages of 100, a summary per rendered row) in headless Chromium. Storybook's dev server serves the
// story and, through the emulator's Vite plugin, the seeded emulator under /acs, exactly as
// `npm start` does. In the page, the list is scrolled to its end on every animation frame until the
// status line says the last page is in; meanwhile the rows in the DOM are counted each frame, and
// every row ever added to the DOM is recorded by its thread id (a MutationObserver, so a row that
// comes and goes between two frames is not missed). The page's network log gives the summary
// requests (GET .../readReceipts, GET .../messages) per thread. Then the list is flung back up
// 2,000 rows, 25 a frame, as a fast scroll through rows already loaded. The story is opened three
// times: rows without summaries (the baseline), rows asking for their summary as soon as they
// render, and rows holding it until the list stops scrolling. The story's own play function also
// scrolls the first pages; it runs in the page as it would for a viewer.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium.ts';
import { startStorybook } from '../test/support/storybook.ts';
import { root } from './size.ts';
import { summarize } from './stats.ts';
import { summaryCost, summaryRequestThread, type SummaryCost } from './summary-requests.ts';

export type { SummaryCost };

/** The story's rows: without summaries, asking at once, or holding until scrolling stops. */
export const renderModes = {
  'no summaries': 'summaries:!false',
  'summaries as rows render': 'summaries:!true;holdSummariesWhileScrolling:!false',
  'summaries held while scrolling': 'summaries:!true;holdSummariesWhileScrolling:!true',
} as const;
export type RenderMode = keyof typeof renderModes;

/** One visit to the story, scrolled to the end. */
export interface RenderRun {
  mode: RenderMode;
  /** Most `li` rows in the list at any frame while scrolling. */
  maxRowsInDom: number;
  rowsAtEnd: number;
  threadsLoaded: number;
  /** From the first page shown to the status line reporting the last page. */
  scrollMs: number;
  /** Median ms from one page shown to the next: over the first 10 pages, and the last 10. */
  pageMs: { first: number; last: number };
  /** Thread-list requests the page made (network log), first page included. */
  listRequests: number;
  /** From the first page to the end. */
  summaries: SummaryCost;
  /** Then from the end back up 2,000 rows, 25 a frame: every row passes through the DOM. */
  fling: { ms: number; frames: number; summaries: SummaryCost };
}

export type RenderResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      runs: RenderRun[];
      storybookStartMs: number;
      notes: string[];
    };

const storyFile = join(root, 'stories/Inbox.stories.tsx');
const storyId = 'screens-inbox--ten-thousand-threads';
const chromiumPath = chromiumLaunchOptions.executablePath;

/** How long Storybook may take to serve the stories before the bench gives up. */
const storybookStartLimitMs = 180_000;

/** Runs in the page before its scripts: records the thread id of every row added to the DOM. */
function recordRenderedRows() {
  const seen = new Set<string>();
  (globalThis as { renderedThreadIds?: Set<string> }).renderedThreadIds = seen;
  const note = (element: Element) => {
    const id = element.getAttribute('data-thread-id');
    if (id !== null) seen.add(id);
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations)
      for (const node of mutation.addedNodes) {
        if (!(node instanceof Element)) continue;
        note(node);
        node.querySelectorAll('[data-thread-id]').forEach(note);
      }
  }).observe(document, { childList: true, subtree: true });
}

/** After scrolling, how long no summary request may be made before the count is taken. */
const quietMs = 2000;
/** The fling back up from the end: pixels per frame (about two screens, 25 rows), and how far. */
const fling = { pxPerFrame: 1600, rows: 2000 };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The thread ids whose rows were added to the DOM since the last call. */
async function takeRenderedRows(page: Page): Promise<Set<string>> {
  return new Set(
    await page.evaluate(() => {
      const seen = (globalThis as { renderedThreadIds?: Set<string> }).renderedThreadIds!;
      const ids = [...seen];
      seen.clear();
      return ids;
    }),
  );
}

async function visit(
  browser: Browser,
  base: string,
  threads: number,
  mode: RenderMode,
): Promise<RenderRun> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    let listRequests = 0;
    let perThread = new Map<string, number>();
    let lastSummaryRequest = performance.now();
    page.on('request', (request) => {
      if (request.method() !== 'GET') return;
      if (new URL(request.url()).pathname.endsWith('/chat/threads')) listRequests++;
      const threadId = summaryRequestThread(request.method(), request.url());
      if (threadId === undefined) return;
      perThread.set(threadId, (perThread.get(threadId) ?? 0) + 1);
      lastSummaryRequest = performance.now();
    });
    // Counted from now: rows holding their summary ask only once scrolling has stopped.
    const quiet = async () => {
      lastSummaryRequest = performance.now();
      while (performance.now() - lastSummaryRequest < quietMs) await wait(250);
    };
    await page.addInitScript(recordRenderedRows);
    // Storybook's URL syntax for args: name:value;name:value, a boolean as !true or !false.
    await page.goto(`${base}/iframe.html?id=${storyId}&viewMode=story&args=${renderModes[mode]}`);
    // The first page: the dev server may still be optimizing dependencies on a first visit.
    await page.waitForSelector('[aria-label="Threads"] li', { timeout: 120_000 });
    const result = await page.evaluate(scrollToEnd, 180_000);
    if (result.loaded !== threads) {
      throw new Error(`the story loaded ${result.loaded} threads, expected ${threads}`);
    }
    // The rows in view at the end ask for their summaries (at once, or once scrolling stops).
    await quiet();
    const toEnd = summaryCost(perThread, await takeRenderedRows(page));
    perThread = new Map();
    const flung = await page.evaluate(flingUp, fling);
    await quiet();
    const back = summaryCost(perThread, await takeRenderedRows(page));
    // Milliseconds from one page shown to the next, at the start and at the end of the list.
    const gaps = result.pageShownAt.slice(1).map((at, i) => at - result.pageShownAt[i]!);
    return {
      mode,
      maxRowsInDom: Math.max(result.maxRows, flung.maxRows),
      rowsAtEnd: result.rowsAtEnd,
      threadsLoaded: result.loaded,
      scrollMs: result.ms,
      pageMs: {
        first: summarize(gaps.slice(0, 10)).median,
        last: summarize(gaps.slice(-10)).median,
      },
      listRequests,
      summaries: toEnd,
      fling: { ms: flung.ms, frames: flung.frames, summaries: back },
    };
  } finally {
    await page.close();
  }
}

/** Runs in the page: scroll to the end every frame until the status line shows the last page. */
function scrollToEnd(timeoutMs: number) {
  return new Promise<{
    maxRows: number;
    rowsAtEnd: number;
    loaded: number;
    ms: number;
    pageShownAt: number[];
  }>((resolve, reject) => {
    // Looked up every frame: a re-render (Storybook's HMR when a file changes) may replace it.
    const scroller = () =>
      document.querySelector<HTMLElement>('[aria-label="Threads, scrollable"]');
    if (scroller() === null) {
      reject(new Error('no thread list'));
      return;
    }
    const rows = () => document.querySelectorAll('[aria-label="Threads"] li').length;
    const status = () => document.querySelector('[aria-label="List status"]')?.textContent ?? '';
    const loaded = (text: string) => Number(/(\d+) threads? loaded/.exec(text)?.[1] ?? 0);
    const started = performance.now();
    const pageShownAt: number[] = [];
    let maxRows = 0;
    let shown = 0;
    const frame = () => {
      maxRows = Math.max(maxRows, rows());
      const text = status();
      if (loaded(text) !== shown) {
        shown = loaded(text);
        pageShownAt.push(performance.now());
      }
      if (text.includes('that is all')) {
        resolve({
          maxRows,
          rowsAtEnd: rows(),
          loaded: shown,
          ms: performance.now() - started,
          pageShownAt,
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
  });
}

/** Runs in the page: from the end back up `rows` rows (64 px each), `pxPerFrame` a frame. */
function flingUp({ pxPerFrame, rows }: { pxPerFrame: number; rows: number }) {
  return new Promise<{ maxRows: number; frames: number; ms: number }>((resolve) => {
    const element = document.querySelector<HTMLElement>('[aria-label="Threads, scrollable"]')!;
    const inDom = () => document.querySelectorAll('[aria-label="Threads"] li').length;
    const stop = Math.max(0, element.scrollTop - rows * 64);
    const started = performance.now();
    let maxRows = 0;
    let frames = 0;
    const frame = () => {
      maxRows = Math.max(maxRows, inDom());
      if (element.scrollTop <= stop) {
        resolve({ maxRows, frames, ms: performance.now() - started });
        return;
      }
      element.scrollTop = Math.max(stop, element.scrollTop - pxPerFrame);
      frames++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export async function measureRendering(threads: number): Promise<RenderResult> {
  if (!existsSync(storyFile)) return { skipped: 'stories/Inbox.stories.tsx does not exist yet' };
  if (chromiumPath === undefined)
    return { skipped: "no Chromium found (npm test's pretest step installs one)" };
  const started = performance.now();
  const storybook = await startStorybook({ signal: AbortSignal.timeout(storybookStartLimitMs) });
  const storybookStartMs = performance.now() - started;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    const base = storybook.url;
    const runs: RenderRun[] = [];
    for (const mode of Object.keys(renderModes) as RenderMode[]) {
      runs.push(await visit(browser, base, threads, mode));
    }
    return {
      runs,
      storybookStartMs,
      notes: [
        `Rendering: Storybook dev server up in ${(storybookStartMs / 1000).toFixed(1)} s; story ` +
          `${storyId} at 1280x800 in ${chromiumPath} (headless); the list scrolled to its end on ` +
          `every animation frame, then left until no summary request had been made for ` +
          `${quietMs / 1000} s. Summary requests are the GETs of a thread's readReceipts and ` +
          `messages in the page's network log; a rendered row is a thread id whose \`li\` was ` +
          `added to the DOM at any time (MutationObserver).`,
      ],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${message}\n--- storybook output (tail) ---\n${storybook.output().slice(-2000)}`,
      {
        cause: error,
      },
    );
  } finally {
    await browser?.close();
    await storybook.stop();
  }
}
