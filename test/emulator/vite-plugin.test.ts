import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatEmulatorPlugin, EMULATOR_DEV_ACCESS_KEY } from '../../src/emulator/index.ts';
import { call, hmacHeaders, urlFor, type Json } from './helpers.ts';
import { startViteApp, type ViteApp } from './vite-app.ts';

let app: ViteApp;
let origin: string;
const plugin = chatEmulatorPlugin({ prefix: '/acs' });

beforeAll(async () => {
  app = await startViteApp(plugin, { hmr: false });
  origin = app.origin;
});
afterAll(() => app?.close());

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

  it('issues tokens of any age through the admin route under the prefix', async () => {
    const endpoint = `${origin}/acs`;
    const user = await plugin.api.emulator.createUser();
    const mint = (lifetime: Json) =>
      call(endpoint, '/__emulator/tokens', {
        apiVersion: null,
        body: { userId: user.userId, ...lifetime },
      });
    const expired = await mint({ expiresInSeconds: -60 });
    expect(expired.status).toBe(200);
    const refused = await call(endpoint, '/chat/threads', { token: expired.body.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/expired/);
    const short = await mint({ expiresInSeconds: 120 });
    expect((await call(endpoint, '/chat/threads', { token: short.body.token })).status).toBe(200);
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

describe("chatEmulatorPlugin({ limits: 'service' })", () => {
  it('throttles the chat routes under the prefix', async () => {
    const limited = chatEmulatorPlugin({ limits: 'service' });
    const limitedApp = await startViteApp(limited, { hmr: false });
    try {
      const user = await limited.api.emulator.createUser();
      const create = () =>
        call(`${limitedApp.origin}/acs`, '/chat/threads', {
          token: user.token,
          body: { topic: 'Limited' },
        });
      for (let i = 0; i < 10; i++) expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('TooManyRequests');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limitedApp.close();
    }
  });
});
