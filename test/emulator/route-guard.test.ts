// Who may reach the Identity API and the admin routes: a page on another origin may not (not even
// with a CORS-simple POST), unless listed in allowedOrigins; a same-origin page may, on a host name
// that cannot be rebound; Node and curl may; another machine needs the admin key. Every refusal
// leaves the emulator as it was.
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatEmulator, type ChatEmulatorOptions } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { call } from './helpers.ts';

const evil = 'https://evil.example';
let emu: TestEmulator;
let ann: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator({ identityAuth: 'open' });
  ann = await emu.user();
  await emu.emulator.seed({ participants: [ann.userId], threads: 2 });
});
afterAll(() => emu.close());
afterEach(() => emu.emulator.faults.clear());

type Attack = [what: string, method: string, path: string, body: string | undefined];

/** What a foreign page would send: CORS-simple where it can be (text/plain, no custom header). */
const attacks = (): Attack[] => [
  ['wipe the store', 'POST', '/__emulator/reset', undefined],
  ['add a fault', 'POST', '/__emulator/faults', '{"status":503,"retryAfterMs":300000}'],
  ['replace the faults', 'PUT', '/__emulator/faults', '{"rules":[{"status":500}]}'],
  ['remove a fault', 'DELETE', '/__emulator/faults/1', undefined],
  ['list the faults', 'GET', '/__emulator/faults', undefined],
  ['seed threads', 'POST', '/__emulator/seed', '{"users":1,"threads":100}'],
  [
    'create a user with a token',
    'POST',
    '/identities?api-version=2023-10-01',
    '{"createTokenWithScopes":["chat"]}',
  ],
  [
    "mint a token for someone else's id",
    'POST',
    `/identities/${encodeURIComponent('8:acs:x')}/:issueAccessToken?api-version=2023-10-01`,
    '{"scopes":["chat"]}',
  ],
  ['mint a token of any lifetime', 'POST', '/__emulator/tokens', `{"userId":"${ann.userId}"}`],
];

/** Everything an admin or identity call could change, seen from outside. */
async function snapshot(target = emu) {
  return {
    threads: target.emulator.threadCount(),
    faults: target.emulator.faults.list(),
    // Ann's token still works and her threads are there: a reset would have forgotten her.
    annsThreads: (await call(target.url, '/chat/threads', { token: ann.token })).body?.value
      ?.length,
  };
}

function send(
  base: string,
  [, method, path, body]: Attack,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; headers: Headers }> {
  return fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'text/plain', ...headers },
    body,
  }).then(async (res) => ({ status: res.status, text: await res.text(), headers: res.headers }));
}

/** A request with a Host and a path exactly as given (fetch would normalise both). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
  port = Number(new URL(emu.url).port),
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('pages on other origins', () => {
  it('get 403 from every admin and Identity route, however they ask, and change nothing', async () => {
    const before = await snapshot();
    let refused = 0;
    for (const attack of attacks()) {
      const browsers: Array<Record<string, string>> = [
        { origin: evil, 'sec-fetch-site': 'cross-site' },
        { origin: evil }, // a browser without Fetch Metadata: Origin only
        { 'sec-fetch-site': 'cross-site' }, // a no-cors GET (an <img>): no Origin
        { origin: 'http://localhost:6007', 'sec-fetch-site': 'same-site' }, // another port
        { origin: 'null' }, // a sandboxed iframe or a file:// page
      ];
      for (const headers of browsers) {
        const res = await send(emu.url, attack, headers);
        expect({ what: attack[0], headers, status: res.status }).toEqual({
          what: attack[0],
          headers,
          status: 403,
        });
        const body = JSON.parse(res.text);
        expect(body.error.code).toBe('Forbidden');
        expect(body.error.message).toMatch(/allowedOrigins/);
        expect(res.text).not.toMatch(/token/i);
        refused++;
      }
    }
    expect(await snapshot()).toEqual(before);
    console.log(`${refused} cross-origin admin and identity requests refused, emulator unchanged`);
  });

  it('are refused at the preflight too, and the chat routes still take any origin', async () => {
    const preflight = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'OPTIONS',
      headers: {
        origin: evil,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const chat = await call(emu.url, '/chat/threads', {
      token: ann.token,
      headers: { origin: evil, 'sec-fetch-site': 'cross-site' },
    });
    expect(chat.status).toBe(200);
    expect(chat.headers.get('access-control-allow-origin')).toBe(evil);
  });

  it('cannot climb into the admin routes through a chat path', async () => {
    const before = await snapshot();
    for (const path of [
      '/chat/threads/%2e%2e/%2e%2e/__emulator/reset',
      '/chat/threads/../../__emulator/reset',
      '/chat/threads/%2E%2E/%2E%2E/__emulator/reset?api-version=2025-03-15',
    ]) {
      const res = await raw('POST', path, { origin: evil, 'content-type': 'text/plain' });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('pages the emulator lets in', () => {
  it('lets callers that are no browser (Node, curl, a token server) in', async () => {
    const res = await send(emu.url, ['add a fault', 'POST', '/__emulator/faults', '{"times":1}'], {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(201);
  });

  it('lets a same-origin page on localhost or an IP address in, not one on another name', async () => {
    const { port } = new URL(emu.url);
    const seen: Record<string, number> = {};
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `rebind.example:${port}`]) {
      const res = await raw(
        'POST',
        '/__emulator/faults',
        {
          host,
          origin: `http://${host}`,
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
        },
        '{"path":"/nowhere","times":1}',
      );
      seen[host.split(':')[0]!] = res.status;
    }
    expect(seen).toEqual({ '127.0.0.1': 201, localhost: 201, 'rebind.example': 403 });
  });

  it('lets the origins in allowedOrigins in, and only those', async () => {
    const app = 'https://app.example';
    const cases: Array<[ChatEmulatorOptions['allowedOrigins'], number]> = [
      [[app], 403],
      [(origin) => origin === app, 403],
      [['*'], 201],
    ];
    for (const [allowedOrigins, evilStatus] of cases) {
      const allowed = await startEmulator({ allowedOrigins, identityAuth: 'open' });
      try {
        const json = { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' };
        const created = await send(allowed.url, attacks()[6]!, { ...json, origin: app });
        expect(created.status).toBe(201);
        expect(created.headers.get('access-control-allow-origin')).toBe(app);
        expect((await send(allowed.url, attacks()[1]!, { ...json, origin: app })).status).toBe(201);
        const other = await send(allowed.url, attacks()[1]!, { ...json, origin: evil });
        expect({ allowedOrigins, status: other.status }).toEqual({
          allowedOrigins,
          status: evilStatus,
        });
      } finally {
        await allowed.close();
      }
    }
  });
});

describe('the admin key', () => {
  const reset = (headers: Record<string, string> = {}) =>
    new Request('http://chat.test/__emulator/reset', { method: 'POST', headers });

  it('is needed from another machine; without one configured, other machines are refused', async () => {
    const emulator = createChatEmulator();
    await emulator.seed({ users: 1, threads: 1 });
    const remote = { remoteAddress: '192.0.2.7' };
    expect((await emulator.handle(reset(), remote)).status).toBe(403);
    expect((await emulator.handle(reset(), { remoteAddress: undefined })).status).toBe(403);
    expect(emulator.threadCount()).toBe(1);
    for (const local of [{ remoteAddress: '127.0.0.1' }, { remoteAddress: '::1' }, undefined]) {
      expect((await emulator.handle(reset(), local)).status).toBe(204);
    }
  });

  it('is needed from everyone once configured, in x-emulator-key', async () => {
    const emulator = createChatEmulator({ adminKey: 's3cret' });
    await emulator.seed({ users: 1, threads: 1 });
    const wrong: Array<Record<string, string>> = [
      {},
      { 'x-emulator-key': 'wrong' },
      { 'x-emulator-key': 's3cre' },
    ];
    for (const headers of wrong) {
      const res = await emulator.handle(reset(headers), { remoteAddress: '192.0.2.7' });
      expect(res.status).toBe(401);
    }
    expect((await emulator.handle(reset({}))).status).toBe(401);
    expect(emulator.threadCount()).toBe(1);
    const res = await emulator.handle(reset({ 'x-emulator-key': 's3cret' }), {
      remoteAddress: '192.0.2.7',
    });
    expect(res.status).toBe(204);
    expect(emulator.threadCount()).toBe(0);
  });

  it('is taken over real HTTP, and a preflight lets a browser send it', async () => {
    const keyed = await startEmulator({ adminKey: 'k', allowedOrigins: ['https://app.example'] });
    try {
      const preflight = await fetch(`${keyed.url}/__emulator/faults`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-emulator-key',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-emulator-key/);
      const body = '{"times":1}';
      const attack: Attack = ['add a fault', 'POST', '/__emulator/faults', body];
      const json = { 'content-type': 'application/json', origin: 'https://app.example' };
      expect((await send(keyed.url, attack, json)).status).toBe(401);
      expect((await send(keyed.url, attack, { ...json, 'x-emulator-key': 'k' })).status).toBe(201);
    } finally {
      await keyed.close();
    }
  });
});
