import { describe, expect, it } from 'vitest';
import { parseTokenUserId } from '../../src/core/index.ts';
import { startEmulator } from '../support/emulator.ts';

const jwt = (claims: object) =>
  `e30.${btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.sig`;

describe('parseTokenUserId', () => {
  it("reads the emulator's tokens as the service's: 8: + skypeid", async () => {
    const emu = await startEmulator();
    try {
      const ann = await emu.user();
      expect(parseTokenUserId(ann.token)).toBe(ann.userId);
    } finally {
      await emu.close();
    }
  });

  it('falls back to sub, and to undefined for what it cannot read', () => {
    expect(parseTokenUserId(jwt({ skypeid: 'acs:r_1' }))).toBe('8:acs:r_1');
    expect(parseTokenUserId(jwt({ sub: 'someone' }))).toBe('someone');
    expect(parseTokenUserId(jwt({ exp: 1 }))).toBeUndefined();
    expect(parseTokenUserId('opaque')).toBeUndefined();
  });
});
