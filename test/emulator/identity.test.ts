import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEV_ACCESS_KEY, signRequest } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { call, decodeJwt, hmacHeaders, urlFor } from './helpers.ts';

const identityVersion = '2023-10-01';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator({ resourceId: '11111111-2222-3333-4444-555555555555' });
});
afterAll(() => emu.close());

/** A signed identity call, as the official identity SDK makes it. */
async function identity(path: string, body: unknown, key = EMULATOR_DEV_ACCESS_KEY) {
  const url = urlFor(emu.url, path, { apiVersion: identityVersion });
  const text = JSON.stringify(body);
  return call(emu.url, url, {
    method: 'POST',
    rawBody: text,
    headers: { 'content-type': 'application/json', ...hmacHeaders(key, 'POST', url, text) },
  });
}

describe('POST /identities', () => {
  it('creates a user with a chat token whose claims look like the service', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await identity('/identities', { createTokenWithScopes: ['chat'] });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const id: string = res.body.identity.id;
    expect(id).toMatch(/^8:acs:11111111-2222-3333-4444-555555555555_[0-9a-f-]{36}$/);
    const { header, payload } = decodeJwt(res.body.accessToken.token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      skypeid: id.slice(2),
      scp: 1792,
      acsScope: 'chat',
      resourceId: '11111111-2222-3333-4444-555555555555',
      resourceLocation: expect.any(String),
      csi: String(payload.iat),
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp - payload.iat).toBe(24 * 3600);
    expect(new Date(res.body.accessToken.expiresOn).getTime()).toBe(payload.exp * 1000);
  });

  it('creates a user without a token when no scopes are asked for', async () => {
    const res = await identity('/identities', {});
    expect(res.status).toBe(201);
    expect(res.body.identity.id).toMatch(/^8:acs:/);
    expect(res.body.accessToken).toBeUndefined();
  });

  it('honours expiresInMinutes from 60 to 1440 and refuses others with 400', async () => {
    const hour = await identity('/identities', {
      createTokenWithScopes: ['chat'],
      expiresInMinutes: 60,
    });
    const { payload } = decodeJwt(hour.body.accessToken.token);
    expect(payload.exp - payload.iat).toBe(3600);
    for (const minutes of [59, 1441, 90.5, '120']) {
      const res = await identity('/identities', {
        createTokenWithScopes: ['chat'],
        expiresInMinutes: minutes,
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'BadRequest', target: 'expiresInMinutes' });
    }
  });

  it('refuses unknown scopes', async () => {
    const res = await identity('/identities', { createTokenWithScopes: ['email'] });
    expect(res.status).toBe(400);
    expect(res.body.error.target).toBe('createTokenWithScopes');
  });

  it('requires api-version', async () => {
    const url = `${emu.url}/identities`;
    const res = await call(emu.url, url, {
      method: 'POST',
      rawBody: '{}',
      headers: hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url, '{}'),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MissingApiVersionParameter');
  });
});

describe('POST /identities/{id}/:issueAccessToken', () => {
  it('issues a token for an existing user', async () => {
    const created = await identity('/identities', {});
    const id: string = created.body.identity.id;
    const res = await identity(`/identities/${encodeURIComponent(id)}/:issueAccessToken`, {
      scopes: ['chat', 'voip'],
      expiresInMinutes: 120,
    });
    expect(res.status).toBe(200);
    const { payload } = decodeJwt(res.body.token);
    expect(payload).toMatchObject({ skypeid: id.slice(2), acsScope: 'chat,voip' });
    expect(payload.exp - payload.iat).toBe(7200);
    expect(new Date(res.body.expiresOn).getTime()).toBe(payload.exp * 1000);
  });

  it('answers 404 for an unknown user and 400 without scopes', async () => {
    const unknown = `8:acs:11111111-2222-3333-4444-555555555555_${crypto.randomUUID()}`;
    const missing = await identity(`/identities/${encodeURIComponent(unknown)}/:issueAccessToken`, {
      scopes: ['chat'],
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('IdentityNotFound');
    const created = await identity('/identities', {});
    const noScopes = await identity(
      `/identities/${encodeURIComponent(created.body.identity.id)}/:issueAccessToken`,
      {},
    );
    expect(noScopes.status).toBe(400);
    expect(noScopes.body.error.target).toBe('scopes');
  });
});

describe('HMAC authentication', () => {
  const url = () => urlFor(emu.url, '/identities', { apiVersion: identityVersion });

  it('accepts the headers the emulator’s own signRequest makes', async () => {
    const headers = await signRequest(EMULATOR_DEV_ACCESS_KEY, {
      method: 'POST',
      url: url(),
      body: '{}',
    });
    const res = await call(emu.url, url(), {
      method: 'POST',
      rawBody: '{}',
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
  });

  it('refuses a request without a signature', async () => {
    const res = await call(emu.url, url(), { method: 'POST', body: {} });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('Unauthorized');
  });

  it('refuses a signature made with another key', async () => {
    const otherKey = Buffer.from('not the emulator key, not at all!').toString('base64');
    const res = await identity('/identities', {}, otherKey);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/signature/i);
  });

  it('refuses a body that does not match its signed hash', async () => {
    const headers = hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url(), '{}');
    const res = await call(emu.url, url(), {
      method: 'POST',
      rawBody: '{"createTokenWithScopes":["chat"]}',
      headers,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a signature over another path', async () => {
    const other = urlFor(emu.url, '/identities', { apiVersion: '2022-06-01' });
    const headers = hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', other, '{}');
    const res = await call(emu.url, url(), { method: 'POST', rawBody: '{}', headers });
    expect(res.status).toBe(401);
  });

  it('refuses a stale x-ms-date', async () => {
    const stale = new Date(Date.now() - 60 * 60 * 1000);
    const headers = hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url(), '{}', stale);
    const res = await call(emu.url, url(), { method: 'POST', rawBody: '{}', headers });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/date/i);
  });

  it('checks the freshness of the date the signature covers, not of another one', async () => {
    const dayOld = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const fresh = new Date().toUTCString();
    // A day-old request signed over `date`, replayed with a fresh (unsigned) x-ms-date beside it.
    const replay = hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url(), '{}', dayOld, 'date');
    const replayed = await call(emu.url, url(), {
      method: 'POST',
      rawBody: '{}',
      headers: { ...replay, 'x-ms-date': fresh, 'content-type': 'application/json' },
    });
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.message).toMatch(/date/i);
    // A fresh request signed over `date` is accepted, whatever an unsigned x-ms-date says.
    const signed = hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url(), '{}', new Date(), 'date');
    const accepted = await call(emu.url, url(), {
      method: 'POST',
      rawBody: '{}',
      headers: { ...signed, 'x-ms-date': dayOld.toUTCString(), 'content-type': 'application/json' },
    });
    expect(accepted.status).toBe(201);
    // Likewise a fresh x-ms-date signature beside a stale, unsigned date.
    const current = hmacHeaders(EMULATOR_DEV_ACCESS_KEY, 'POST', url(), '{}');
    const withStaleDate = await call(emu.url, url(), {
      method: 'POST',
      rawBody: '{}',
      headers: { ...current, date: dayOld.toUTCString(), 'content-type': 'application/json' },
    });
    expect(withStaleDate.status).toBe(201);
  });

  it("accepts unsigned requests with identityAuth 'open'", async () => {
    const open = await startEmulator({ identityAuth: 'open' });
    try {
      const res = await call(open.url, '/identities', {
        apiVersion: identityVersion,
        body: { createTokenWithScopes: ['chat'] },
      });
      expect(res.status).toBe(201);
      expect(res.body.accessToken.token).toBeTruthy();
    } finally {
      await open.close();
    }
  });
});

describe('createUser / issueToken in process', () => {
  it('creates users and tokens, including already expired ones', async () => {
    const user = await emu.emulator.createUser({ scopes: ['chat', 'voip'], expiresInMinutes: 60 });
    expect(user.userId).toMatch(/^8:acs:11111111-2222-3333-4444-555555555555_/);
    expect(user.expiresOn.getTime()).toBe(decodeJwt(user.token).payload.exp * 1000);
    const past = new Date(Date.now() - 5 * 60 * 1000);
    const expired = await emu.emulator.issueToken(user.userId, { expiresOn: past });
    expect(decodeJwt(expired.token).payload.exp).toBe(Math.floor(past.getTime() / 1000));
    await expect(emu.emulator.issueToken('8:acs:nobody_x')).rejects.toThrow(/Unknown user/);
  });
});
