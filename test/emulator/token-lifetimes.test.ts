// The lifetimes of the tokens the emulator issues: exp - iat is exactly what was asked (24 h by
// default), read from one reading of the clock.
import { describe, expect, it } from 'vitest';
import { createChatEmulator } from '../../src/emulator/index.ts';

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    iat: number;
    exp: number;
  };

describe('token lifetimes', () => {
  // Seen as a flaky `expected 86399 to be 86400` in test/emulator/identity.test.ts: `exp` came from
  // the clock read before the first call generated the signing key, `iat` from a read after it.
  it('are exactly as long as asked, however slowly the token is signed', async () => {
    let clock = 1_700_000_000_500;
    // Every read of the clock is 600 ms later than the one before: any second read of it shows.
    const emulator = createChatEmulator({ now: () => (clock += 600) });
    const user = await emulator.createUser();
    expect(claims(user.token).exp - claims(user.token).iat).toBe(24 * 3600);
    const hour = await emulator.issueToken(user.userId, { expiresInMinutes: 60 });
    expect(claims(hour.token).exp - claims(hour.token).iat).toBe(3600);
  });
});
