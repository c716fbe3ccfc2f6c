// The demo, end to end: start what `npm start` starts (storybook dev --ci, on a free port), open
// the Inbox story's iframe in headless Chromium, scroll to load a second page, create a thread,
// delete one, and save a screenshot (test/e2e/__screenshots__/inbox.png; docs/inbox.png is a
// reviewed copy for the README). Then a visitor deletes every thread they can, and every Screens
// story still opens as documented. Nothing is built: the dev server serves the stories as a user
// sees them.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationTopic,
  refusedTopic,
  seededThreadCount,
} from '../../stories/support/demo-constants.ts';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { startStorybook, type StorybookDev } from '../support/storybook.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotPath = join(root, 'test/e2e/__screenshots__/inbox.png');

// Aborted in afterAll: a start that outlives beforeAll's timeout stops with the file.
const starting = new AbortController();
let storybook: StorybookDev | undefined;
let browser: Browser | undefined;
let base = '';
const output = () => storybook?.output() ?? '';
const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = performance.now();
  storybook = await startStorybook({ signal: starting.signal });
  base = storybook.url;
  timings.serverMs = Math.round(performance.now() - started);
  browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
}, 120_000);

afterAll(async () => {
  starting.abort(new Error('the e2e tests ended'));
  await browser?.close();
  await storybook?.stop();
  console.log(`[e2e] timings (ms): ${JSON.stringify(timings)}`);
});

/** Waits until Storybook has rendered the story and run its play function. */
async function storyFinished(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const preview = (
        window as unknown as {
          __STORYBOOK_PREVIEW__?: { storyRenders?: Array<{ phase?: string }> };
        }
      ).__STORYBOOK_PREVIEW__;
      return preview?.storyRenders?.some((render) =>
        ['finished', 'errored', 'aborted'].includes(render.phase ?? ''),
      );
    },
    undefined,
    { timeout: 60_000 },
  );
}

const listStatus = (page: Page) => page.getByRole('status', { name: 'List status' });

describe('npm start: the Inbox', () => {
  it('scrolls to a second page, creates a thread, deletes one, and looks right', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await recordStoryErrors(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const opened = performance.now();
    await page.goto(`${base}/iframe.html?id=screens-inbox--default&viewMode=story`).catch((e) => {
      throw new Error(`${String(e)}\nstorybook dev said:\n${output().slice(-3000)}`);
    });
    await storyFinished(page);
    timings.storyMs = Math.round(performance.now() - opened);
    // A cold dev server (a fresh clone) may still be loading the first page when the story settles.
    await expect
      .poll(() => listStatus(page).textContent(), { timeout: 30_000 })
      .toContain('20 threads loaded');

    // Scroll the list to its end, as a user would with the wheel: the next page loads.
    const list = page.getByLabel('Threads, scrollable');
    await list.hover();
    for (let i = 0; i < 20; i++) {
      // Stop as soon as the next page is asked for: another wheel would ask for a third.
      const status = (await listStatus(page).textContent()) ?? '';
      if (!status.startsWith('20 threads loaded · scroll for more')) break;
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(50);
    }
    await expect
      .poll(() => listStatus(page).textContent(), { timeout: 30_000 })
      .toContain('40 threads loaded');

    // Create a thread with two people; it appears at the top, marked as new.
    await page.getByLabel('Topic').fill('Team offsite planning');
    await page.getByRole('checkbox', { name: 'Alan Turing' }).check();
    await page.getByRole('button', { name: 'Create thread' }).click();
    await page.getByText('Created “Team offsite planning” with 3 participants.').waitFor();
    const created = page.getByRole('listitem').filter({ hasText: 'Team offsite planning' });
    await created.waitFor();
    expect(await created.getAttribute('class')).toContain('thread-row--created');

    // Delete another thread: it leaves at once, and the service agrees.
    await page.getByRole('button', { name: 'Delete Harbor on-call handover' }).click();
    await page.getByText('Deleted “Harbor on-call handover”.').waitFor();
    await expect
      .poll(() => page.getByText('Harbor on-call handover', { exact: true }).count())
      .toBe(0);
    // No refetch: the 40 loaded and the new one, less the deleted one, which the cache keeps in
    // its place with deletedOn (as the service lists it) and the hook hides.
    await expect.poll(() => listStatus(page).textContent()).toMatch(/^40 threads loaded/);

    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.mouse.move(0, 0); // no hover highlight in the picture
    await page.screenshot({ path: screenshotPath });
    expect(errors).toEqual([]);
    timings.totalMs = Math.round(performance.now() - opened) + (timings.serverMs ?? 0);
  }, 120_000);
});

interface PreviewWindow {
  __STORYBOOK_PREVIEW__: { storyRenders: Array<{ id: string; phase?: string }> };
  __STORYBOOK_ADDONS_CHANNEL__: {
    emit(event: string, data: unknown): void;
    on(event: string, listener: (data: unknown) => void): void;
  };
  /** What play functions (and renders) threw since the last story was shown. */
  __storyErrors?: string[];
}

/**
 * A story whose play function throws still ends in the phase 'finished': record what the preview
 * reports thrown, from the page's start (an init script), so a failed play cannot pass unseen.
 */
async function recordStoryErrors(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const preview = window as unknown as PreviewWindow;
    preview.__storyErrors = [];
    const listen = setInterval(() => {
      const channel = preview.__STORYBOOK_ADDONS_CHANNEL__;
      if (channel === undefined) return;
      clearInterval(listen);
      for (const event of ['playFunctionThrewException', 'storyThrewException', 'storyErrored'])
        channel.on(event, (error) =>
          preview.__storyErrors!.push(
            `${event}: ${(error as { message?: string } | undefined)?.message ?? String(error)}`,
          ),
        );
    }, 1);
  });
}

/**
 * Shows another story in the same preview, as a click in Storybook's sidebar does (no reload, so
 * the modules load once), or loads the page on it (`load`); waits for its play function and
 * returns its render's last phase.
 */
async function showStory(page: Page, id: string, load = false): Promise<string> {
  if (!load) await page.evaluate(() => ((window as unknown as PreviewWindow).__storyErrors = []));
  if (load) {
    await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  } else {
    await page.evaluate((storyId) => {
      const preview = window as unknown as PreviewWindow;
      preview.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
    }, id);
  }
  const phase = await page.waitForFunction(
    (storyId) => {
      const renders = (window as unknown as PreviewWindow).__STORYBOOK_PREVIEW__.storyRenders;
      const phase = renders.find((render) => render.id === storyId)?.phase ?? '';
      return ['finished', 'errored', 'aborted'].includes(phase) && phase;
    },
    id,
    { timeout: 60_000 },
  );
  const errors = await page.evaluate(() => (window as unknown as PreviewWindow).__storyErrors);
  return errors?.length ? `errored (${errors.join('; ')})` : ((await phase.jsonValue()) as string);
}

describe('npm start: a demo nobody can break', () => {
  it('deletes every seeded thread it can, then finds every Screens story as documented', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await recordStoryErrors(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const opened = performance.now();
    await page.goto(`${base}/iframe.html?id=screens-inbox--default&viewMode=story`);
    await storyFinished(page);

    // The Welcome thread first (the Conversation's), then everything else, top row first.
    const rows = page.getByRole('list', { name: 'Threads' }).getByRole('listitem');
    const topics = () => rows.locator('.thread-row__topic').allTextContents();
    await page.getByRole('button', { name: `Delete ${conversationTopic}` }).click();
    await page.getByText(`Deleted “${conversationTopic}”.`).waitFor();
    let deleted = 1;
    for (;;) {
      const next = (await topics()).find((topic) => topic !== refusedTopic);
      if (next === undefined) break;
      await page.getByRole('button', { name: `Delete ${next}` }).click();
      await page.getByText(`Deleted “${next}”.`).waitFor();
      deleted++;
    }
    // The one the service refuses (403) comes back.
    await page.getByRole('button', { name: `Delete ${refusedTopic}` }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not delete' }).waitFor();
    await expect.poll(() => listStatus(page).textContent()).toMatch(/^1 thread loaded/);
    expect(deleted).toBe(seededThreadCount - 1);
    timings.deleteAllMs = Math.round(performance.now() - opened);

    // Every Screens story, as a visitor coming back would open it from the sidebar.
    const index = (await (await fetch(`${base}/index.json`)).json()) as {
      entries: Record<string, { id: string; title: string; type: string }>;
    };
    const screens = Object.values(index.entries).filter(
      (entry) => entry.type === 'story' && entry.title.startsWith('Screens/'),
    );
    expect(screens.length).toBeGreaterThanOrEqual(15);
    const outcomes: Record<string, string> = {};
    for (const [i, { id }] of screens.entries()) {
      // The page is reloaded once, so the first story is a new visit even if it is the Inbox.
      outcomes[id] = await showStory(page, id, i === 0);
      if (id === 'screens-inbox--default') {
        // All 66 seeded threads are back: scroll to the end of the list.
        const list = page.getByLabel('Threads, scrollable');
        await expect
          .poll(
            async () => {
              await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
              return listStatus(page).textContent();
            },
            { timeout: 30_000 },
          )
          .toBe(`${seededThreadCount} threads loaded · that is all`);
      }
      if (id === 'screens-conversation--default') {
        await page.getByRole('heading', { name: conversationTopic }).waitFor();
        expect(await page.getByText('Thread unavailable').count()).toBe(0);
      }
    }
    timings.screensMs = Math.round(performance.now() - opened) - timings.deleteAllMs;
    expect(errors).toEqual([]);
    // Each play function checks its story's documented state; all of them passed.
    expect(outcomes).toEqual(Object.fromEntries(screens.map(({ id }) => [id, 'finished'])));
  }, 300_000);
});
