// Tokens of any lifetime, properly signed, for tests of expiry: through the API and through
// POST /__emulator/tokens, on the emulator's clock. An expired one is refused as expired (the
// signature holds), not as invalid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { call, decodeJwt } from './helpers.ts';

let emu: TestEmulator;
let clock = Date.UTC(2026, 0, 1, 12);
let ann: { userId: string };

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock });
  ann = await emu.user();
});
afterAll(() => emu.close());

const mint = (body: Record<string, unknown>) =>
  call(emu.url, '/__emulator/tokens', { apiVersion: null, body });

/** A chat call with the token: 200 while it is valid, then 401 saying why. */
const listWith = (token: string) => call(emu.url, '/chat/threads', { token });

describe('issueToken', () => {
  it('issues a token seconds away on the emulator’s clock, valid until then', async () => {
    const { token, expiresOn } = await emu.emulator.issueToken(ann.userId, {
      expiresInSeconds: 30,
    });
    expect(expiresOn.getTime()).toBe(clock + 30_000);
    const { payload } = decodeJwt(token);
    expect(payload.exp).toBe(clock / 1000 + 30);
    // Issued now, not an hour before its expiry.
    expect(payload.iat).toBe(clock / 1000);
    expect((await listWith(token)).status).toBe(200);
    clock += 30_000;
    const expired = await listWith(token);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it('issues an already expired token, refused as expired', async () => {
    const { token } = await emu.emulator.issueToken(ann.userId, { expiresInSeconds: -60 });
    const { payload } = decodeJwt(token);
    expect(payload.exp).toBe(clock / 1000 - 60);
    expect(payload.exp - payload.iat).toBe(3600);
    expect((await listWith(token)).body.error.message).toMatch(/expired/);
  });

  it('refuses two lifetimes at once, or one it cannot use', async () => {
    await expect(
      emu.emulator.issueToken(ann.userId, { expiresInSeconds: 5, expiresInMinutes: 60 }),
    ).rejects.toThrow(/one of expiresInMinutes, expiresInSeconds and expiresOn/);
    await expect(
      emu.emulator.issueToken(ann.userId, { expiresOn: new Date('not a date') }),
    ).rejects.toThrow(/'expiresOn' must be a valid date/);
    await expect(emu.emulator.issueToken(ann.userId, { expiresInSeconds: 0.5 })).rejects.toThrow(
      /'expiresInSeconds' must be an integer/,
    );
  });
});

describe('POST /__emulator/tokens', () => {
  it('issues a short-lived token for a user, valid until the emulator’s clock passes it', async () => {
    const res = await mint({ userId: ann.userId, expiresInSeconds: 5 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.any(String), expiresOn: expect.any(String) });
    expect(new Date(res.body.expiresOn).getTime()).toBe(clock + 5000);
    expect(decodeJwt(res.body.token).payload.acsScope).toBe('chat');
    expect((await listWith(res.body.token)).status).toBe(200);
    clock += 5000;
    expect((await listWith(res.body.token)).body.error.message).toMatch(/expired/);
  });

  it('issues a token that expired at a given time, and one with other scopes', async () => {
    const past = new Date(clock - 3_600_000).toISOString();
    const expired = await mint({ userId: ann.userId, expiresOn: past });
    expect(expired.body.expiresOn).toBe(past);
    expect((await listWith(expired.body.token)).body.error.message).toMatch(/expired/);
    const voip = await mint({ userId: ann.userId, scopes: ['voip'], expiresInMinutes: 60 });
    expect(decodeJwt(voip.body.token).payload.acsScope).toBe('voip');
    expect((await listWith(voip.body.token)).status).toBe(403);
  });

  it.each([
    [{ userId: undefined }, 400, 'userId'],
    [{ userId: 42 }, 400, 'userId'],
    [{ userId: '8:acs:nobody_x' }, 404, 'userId'],
    [{ expiresInSeconds: 1.5 }, 400, 'expiresInSeconds'],
    [{ expiresInSeconds: 10 ** 9 }, 400, 'expiresInSeconds'],
    [{ expiresInSeconds: '5' }, 400, 'expiresInSeconds'],
    [{ expiresOn: 'soon' }, 400, 'expiresOn'],
    [{ expiresOn: 1_700_000_000_000 }, 400, 'expiresOn'],
    [{ expiresInMinutes: 5 }, 400, 'expiresInMinutes'],
    [{ expiresInSeconds: 5, expiresOn: new Date(clock).toISOString() }, 400, 'expiresOn'],
    [{ scopes: ['everything'] }, 400, 'scopes'],
  ])('refuses %j with %i', async (fields, status, target) => {
    const res = await mint({ userId: ann.userId, ...fields });
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ target, message: expect.any(String) });
  });
});
