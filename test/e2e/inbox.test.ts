// The demo, end to end: start what `npm start` starts (storybook dev --ci, on a free port), open
// the Inbox story's iframe in headless Chromium, scroll to load a second page, create a thread,
// delete one, and save a screenshot (test/e2e/__screenshots__/inbox.png; docs/inbox.png is a
// reviewed copy for the README). Nothing is built: the dev server serves the story as a user sees it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../support/chromium.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotPath = join(root, 'test/e2e/__screenshots__/inbox.png');
const storybookBin = join(root, 'node_modules/storybook/dist/bin/dispatcher.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves when `url` answers 200, or rejects after `ms` (or when the process exits). */
async function waitForServer(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`storybook dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`storybook dev did not answer at ${url} within ${ms} ms`);
}

let storybook: ChildProcess | undefined;
let browser: Browser | undefined;
let base = '';
let output = '';
const timings: Record<string, number> = {};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // `npm start` is `storybook dev -p 6006 --ci`: the same, on a free port, without update checks.
  storybook = spawn(
    process.execPath,
    [
      storybookBin,
      'dev',
      '-p',
      String(port),
      '--host',
      '127.0.0.1',
      '--ci',
      '--no-version-updates',
    ],
    { cwd: root, env: { ...process.env, STORYBOOK_ACS_ENDPOINT: '' }, stdio: 'pipe' },
  );
  storybook.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  storybook.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForServer(`${base}/iframe.html`, storybook, 90_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output.slice(-3000)}`);
  });
  timings.serverMs = Math.round(performance.now() - started);
  browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (storybook && storybook.exitCode === null) {
    const exited = new Promise((resolve) => storybook!.once('exit', resolve));
    storybook.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (storybook.exitCode === null) storybook.kill('SIGKILL');
  }
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
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const opened = performance.now();
    await page.goto(`${base}/iframe.html?id=screens-inbox--default&viewMode=story`).catch((e) => {
      throw new Error(`${String(e)}\nstorybook dev said:\n${output.slice(-3000)}`);
    });
    await storyFinished(page);
    timings.storyMs = Math.round(performance.now() - opened);
    await expect.poll(() => listStatus(page).textContent()).toContain('20 threads loaded');

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
    await expect.poll(() => listStatus(page).textContent()).toContain('40 threads loaded');

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
    // After the revalidation: two pages of 20, one of them the deleted thread, which the service
    // still lists (with deletedOn) and the hook hides.
    await expect.poll(() => listStatus(page).textContent()).toMatch(/^39 threads loaded/);

    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.mouse.move(0, 0); // no hover highlight in the picture
    await page.screenshot({ path: screenshotPath });
    expect(errors).toEqual([]);
    timings.totalMs = Math.round(performance.now() - opened) + (timings.serverMs ?? 0);
  }, 120_000);
});
