// The React tests' harness (helpers.tsx) closes what it opens: a client left open keeps its polls'
// requests and timers going under the next test.
import { waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import { useChatThreads, type ChatClient } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, newQueryClient, openClient, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;
let ann: EmulatorUser;
let forTheFile: ChatClient;

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
  forTheFile = openClient(emu, ann);
});
afterAll(() => emu.close());

describe('the React test harness', () => {
  it('closes the clients a test opened and empties its QueryClients once the test ends', async () => {
    const h = harness(emu, ann);
    const other = openClient(emu, ann);
    const own = newQueryClient();
    const { result } = renderChatHook(h, () => useChatThreads());
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    own.setQueryData(['kept'], 1);
    expect([h.client.closed, other.closed]).toEqual([false, false]);
    // Runs after the harness's afterEach.
    onTestFinished(() => {
      expect([h.client.closed, other.closed]).toEqual([true, true]);
      expect([h.queryClient, own].map((q) => q.getQueryCache().getAll().length)).toEqual([0, 0]);
    });
  });

  it('keeps a client opened in beforeAll open for the whole file', async () => {
    expect(forTheFile.closed).toBe(false);
    await expect(forTheFile.listChatThreads().next()).resolves.toMatchObject({ done: true });
  });
});
