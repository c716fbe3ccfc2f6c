import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CommunicationTokenCredential,
  isChatError,
  isChatValidationError,
  parseTokenExpiry,
} from '../../src/core/index.ts';
import { fakeJwt } from '../support/jwt.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('CommunicationTokenCredential', () => {
  it('reads the expiry from the JWT exp claim', async () => {
    const token = fakeJwt(3600);
    const credential = new CommunicationTokenCredential(token);
    const accessToken = await credential.getToken();
    expect(accessToken.token).toBe(token);
    expect(accessToken.expiresOnTimestamp).toBe(parseTokenExpiry(token));
    expect(Math.abs(accessToken.expiresOnTimestamp - (Date.now() + 3600_000))).toBeLessThan(2000);
  });

  it('rejects a string that is not a JWT with a validation error', () => {
    for (const bad of [
      '',
      '   ',
      'abc',
      'a.b.c',
      `x.${Buffer.from('{"sub":1}').toString('base64url')}.y`,
    ]) {
      let caught: unknown;
      try {
        new CommunicationTokenCredential(bad);
      } catch (error) {
        caught = error;
      }
      expect(isChatValidationError(caught), bad).toBe(true);
    }
  });

  it('shares one refresh among concurrent callers', async () => {
    let calls = 0;
    const credential = new CommunicationTokenCredential({
      tokenRefresher: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return fakeJwt(3600, { n: calls });
      },
    });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => credential.getToken()));
    expect(calls).toBe(1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(credential.refreshCount).toBe(1);
  });

  it('refreshes an expired initial token before use', async () => {
    const fresh = fakeJwt(3600);
    const credential = new CommunicationTokenCredential({
      token: fakeJwt(-10),
      tokenRefresher: async () => fresh,
    });
    expect((await credential.getToken()).token).toBe(fresh);
  });

  it('fails when the refresher returns an expired token', async () => {
    const credential = new CommunicationTokenCredential({
      tokenRefresher: async () => fakeJwt(-60),
    });
    const error = await credential.getToken().catch((e: unknown) => e);
    expect(isChatError(error) && error.code).toBe('TokenExpired');
  });

  it('wraps a failing refresher in a ChatError and recovers on the next call', async () => {
    let fail = true;
    const credential = new CommunicationTokenCredential({
      tokenRefresher: async () => {
        if (fail) throw new Error('identity server down');
        return fakeJwt(3600);
      },
    });
    const error = await credential.getToken().catch((e: unknown) => e);
    expect(isChatError(error) && error.code).toBe('TokenRefreshFailed');
    fail = false;
    await expect(credential.getToken()).resolves.toMatchObject({ token: expect.any(String) });
  });

  it('refreshes proactively 10 minutes before expiry', async () => {
    vi.useFakeTimers({ now: Date.now() });
    let calls = 0;
    const credential = new CommunicationTokenCredential({
      token: fakeJwt(15 * 60),
      refreshProactively: true,
      tokenRefresher: async () => {
        calls += 1;
        return fakeJwt(3600);
      },
    });
    await vi.advanceTimersByTimeAsync(4 * 60 * 1000);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * 60 * 1000);
    expect(calls).toBe(1);
    credential.dispose();
  });

  it('refreshes after a rejection once, however many requests were refused', async () => {
    const first = fakeJwt(3600, { n: 1 });
    let calls = 0;
    const credential = new CommunicationTokenCredential({
      token: first,
      tokenRefresher: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return fakeJwt(3600, { n: 2 });
      },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => credential.refreshAfterRejection(first)),
    );
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r?.token)).size).toBe(1);
    expect(results[0]?.token).not.toBe(first);
    // A later rejection of the old token does not refresh again.
    await credential.refreshAfterRejection(first);
    expect(calls).toBe(1);
  });

  it("runs the shared refresh with no caller's signal: one caller aborting fails only itself", async () => {
    const first = fakeJwt(3600, { n: 1 });
    let release!: (token: string) => void;
    let seen: AbortSignal | undefined;
    const credential = new CommunicationTokenCredential({
      token: first,
      tokenRefresher: (signal) => {
        seen = signal;
        return new Promise<string>((resolve) => (release = resolve));
      },
    });
    const quitter = new AbortController();
    const waits = [
      credential.refreshAfterRejection(first, quitter.signal),
      ...Array.from({ length: 19 }, () =>
        credential.refreshAfterRejection(first, new AbortController().signal),
      ),
    ].map((wait) =>
      wait.then(
        (token) => token?.token,
        (error: unknown) => error,
      ),
    );
    quitter.abort();
    expect(await waits[0]).toMatchObject({ name: 'AbortError' });
    expect(seen?.aborted).toBe(false);
    const fresh = fakeJwt(3600, { n: 2 });
    release(fresh);
    expect(await Promise.all(waits.slice(1))).toEqual(Array(19).fill(fresh));
    expect(credential.refreshCount).toBe(1);
  });

  it('lets each getToken caller stop waiting for a refresher that never answers', async () => {
    const credential = new CommunicationTokenCredential({
      tokenRefresher: () => new Promise<string>(() => undefined),
    });
    const controller = new AbortController();
    const waiting = credential
      .getToken({ abortSignal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort();
    expect(await waiting).toMatchObject({ name: 'AbortError' });
  });

  it('aborts the refresher it runs when the credential is disposed', async () => {
    let seen: AbortSignal | undefined;
    const credential = new CommunicationTokenCredential({
      tokenRefresher: (signal) => {
        seen = signal;
        return new Promise<string>((_, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('stopped'))),
        );
      },
    });
    const waiting = credential.getToken().catch((e: unknown) => e);
    credential.dispose();
    expect(seen?.aborted).toBe(true);
    expect(isChatError(await waiting) && ((await waiting) as { code: string }).code).toBe(
      'TokenRefreshFailed',
    );
  });

  it('cannot refresh a static token after a rejection', async () => {
    const token = fakeJwt(3600);
    await expect(
      new CommunicationTokenCredential(token).refreshAfterRejection(token),
    ).resolves.toBeUndefined();
  });

  it('fails after dispose', async () => {
    const credential = new CommunicationTokenCredential(fakeJwt(3600));
    credential.dispose();
    const error = await credential.getToken().catch((e: unknown) => e);
    expect(isChatError(error) && error.code).toBe('CredentialDisposed');
  });

  it('has the same shape as the official credential', async () => {
    const token = fakeJwt(3600);
    const official = new AzureCommunicationTokenCredential(token);
    const ours = new CommunicationTokenCredential(token);
    expect(await ours.getToken()).toEqual(await official.getToken());
  });
});
