import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatEmulatorPlugin, EMULATOR_DEV_ACCESS_KEY } from '../../src/emulator/index.ts';
import { call, hmacHeaders, urlFor, type Json } from './helpers.ts';

let vite: ViteDevServer;
let origin: string;
let root: string;
const plugin = chatEmulatorPlugin({ prefix: '/acs' });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'acs-emulator-vite-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title><p>the app</p>');
  vite = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin],
    server: { port: 0, host: '127.0.0.1', strictPort: false, watch: null, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  const { port } = vite.httpServer!.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await vite?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('chatEmulatorPlugin in a Vite dev server', () => {
  it('serves the chat API under the prefix, with links that keep the prefix', async () => {
    const endpoint = `${origin}/acs`;
    const user = await plugin.api.emulator.createUser();
    const created = await call(endpoint, '/chat/threads', {
      token: user.token,
      body: { topic: 'Vite' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`^${endpoint}/chat/threads/19%3A`));
    await call(endpoint, '/chat/threads', { token: user.token, body: { topic: 'Vite 2' } });
    const first = await call(endpoint, '/chat/threads', {
      token: user.token,
      query: { maxPageSize: 1 },
    });
    expect(first.body.value[0].topic).toBe('Vite 2');
    expect(first.body.nextLink.startsWith(`${endpoint}/chat/threads?`)).toBe(true);
    const second = await call(endpoint, first.body.nextLink, { token: user.token });
    expect(second.body.value.map((t: Json) => t.topic)).toEqual(['Vite']);
    // The emulator records the URL the client used, prefix included.
    expect(plugin.api.emulator.requests.at(-1)?.url).toBe(first.body.nextLink);
  });

  it('checks HMAC signatures over the path the client signed, prefix included', async () => {
    const url = urlFor(`${origin}/acs`, '/identities', { apiVersion: '2023-10-01' });
    const body = JSON.stringify({ createTokenWithScopes: ['chat'] });
    const res = await call(origin, url, {
      method: 'POST',
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        ...hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url, body),
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.accessToken.token).toBeTruthy();
  });

  it('serves the admin routes under the prefix and leaves other paths to Vite', async () => {
    const faults = await call(`${origin}/acs`, '/__emulator/faults', { apiVersion: null });
    expect(faults.status).toBe(200);
    expect(faults.body).toEqual({ rules: [] });
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('the app');
    const elsewhere = await fetch(`${origin}/chat/threads?api-version=2025-03-15`);
    expect(elsewhere.headers.get('ms-cv')).toBeNull();
  });
});
