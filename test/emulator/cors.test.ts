import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { call, urlFor } from './helpers.ts';

const origin = 'http://localhost:6006';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const exposed = [
  'retry-after',
  'retry-after-ms',
  'x-ms-retry-after-ms',
  'location',
  'ms-cv',
  'x-ms-client-request-id',
  'repeatability-result',
];

function expectCors(headers: Headers) {
  expect(headers.get('access-control-allow-origin')).toBe(origin);
  expect(headers.get('vary')).toMatch(/Origin/);
  const list = (headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
  for (const name of exposed) expect(list).toContain(name);
}

describe('CORS', () => {
  it('answers a preflight with 204 and allows what clients send', async () => {
    const response = await fetch(urlFor(emu.url, '/chat/threads/19%3Ax%40thread.v2'), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type, x-ms-custom-thing',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    for (const name of [
      'authorization',
      'content-type',
      'repeatability-request-id',
      'x-ms-client-request-id',
      'x-ms-date',
      'x-ms-content-sha256',
      'x-ms-custom-thing',
    ]) {
      expect(allowed).toContain(name);
    }
    // Preflights are not chat traffic: no auth, no faults.
    emu.emulator.faults.add({ status: 503 });
    const again = await fetch(urlFor(emu.url, '/chat/threads'), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    emu.emulator.faults.clear();
    expect(again.status).toBe(204);
  });

  it('puts CORS headers on successes, errors, 401s and faults', async () => {
    skipRequestValidation('an unauthenticated request and an unknown path, on purpose');
    const user = await emu.user();
    const headers = { origin };
    expectCors((await call(emu.url, '/chat/threads', { token: user.token, headers })).headers);
    expectCors((await call(emu.url, '/chat/threads', { headers })).headers); // 401
    expectCors((await call(emu.url, '/nowhere', { headers })).headers); // 404
    const created = await call(emu.url, '/chat/threads', {
      token: user.token,
      headers,
      body: { topic: 'CORS' },
    });
    expectCors(created.headers);
    emu.emulator.faults.add({ status: 429, times: 1 });
    expectCors((await call(emu.url, '/chat/threads', { token: user.token, headers })).headers);
  });

  it('allows any origin when the request names none', async () => {
    skipRequestValidation('no token on purpose: only the CORS headers matter');
    const res = await call(emu.url, '/chat/threads');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
