// A bench page in headless Chromium: a bundle served from its own origin (plain http on loopback, a
// secure context) and opened in a fresh browser, which then calls the emulator on another origin,
// over HTTPS, as an app calls ACS. The emulator's certificate is self-signed, hence the certificate
// flag, as in the project's real-time browser tests. Everything is closed even when a step fails.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium.ts';

/** Why a Chromium run cannot happen on this machine, or undefined when it can. */
export const chromiumMissing = (): string | undefined =>
  chromiumLaunchOptions.executablePath === undefined
    ? "no Chromium found (npm test's pretest step installs one)"
    : undefined;

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

/**
 * Opens `code` in a new headless Chromium once `prepare` has exposed what the page calls, waits
 * until the bundle has put `ready` on the page's globalThis, and runs `use` on the tab.
 */
export async function withChromiumPage<T>(
  code: Uint8Array,
  ready: string,
  prepare: (tab: Page) => Promise<void>,
  use: (tab: Page, browser: Browser) => Promise<T>,
): Promise<T> {
  const site = await servePage(code);
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
    await prepare(tab);
    await tab.goto(site.url);
    await tab
      .waitForFunction((name) => name in globalThis, ready)
      .catch((error: unknown) => {
        throw new Error(`the page did not start: ${errors.join('; ') || String(error)}`);
      });
    return await use(tab, browser);
  } finally {
    await browser?.close();
    await new Promise((resolve) => site.server.close(resolve));
  }
}
