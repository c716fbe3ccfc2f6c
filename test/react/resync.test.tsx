// A resync (the connection back, the tab back) runs until it completes: when it finds a list's
// older page loading it catches up once that page has come, and when the service or the
// credential fails it tries again, backing off, until the list holds everything sent in the gap.
import { act, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  type TokenCredentialLike,
} from '../../src/react/index.ts';
import { resyncRetryDelay } from '../../src/react/realtime/resync.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate, holdingFetch } from '../support/holding-fetch.ts';
import { ScriptedRealtime, receivedEvent } from '../support/scripted-realtime.ts';
import { fastRetries } from './helpers.tsx';
import { conversation, liveView, texts, type LiveViewOptions } from './live-view.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
afterEach(() => emu.emulator.faults.clear());

const isMessageList = (request: Request) =>
  request.method === 'GET' && new URL(request.url).pathname.endsWith('/messages');

/** Ann's view, connected, loaded, its first resync done; then the connection drops. */
async function disconnectedView(
  seeded: Awaited<ReturnType<typeof conversation>>,
  options: LiveViewOptions = {},
) {
  const source = new ScriptedRealtime();
  const view = liveView(emu, seeded.ann, seeded.threadId, { ...options, source });
  act(() => source.emit('realTimeNotificationConnected'));
  await waitFor(() => expect(view.seen.current.list.isSuccess).toBe(true));
  const live = view.live();
  await waitFor(() => expect(live.pending.resyncs).toBe(0));
  await waitFor(() => expect(view.queryClient.isFetching()).toBe(0));
  act(() => source.emit('realTimeNotificationDisconnected'));
  return { ...view, source, live };
}

describe('a resync', () => {
  it('that finds an older page loading catches up once it has come, and leaves no hole', async () => {
    const seeded = await conversation(emu, 5);
    const { threadId, bobThread, ann } = seeded;
    let holdNext = false;
    const pageRequested = gate();
    const page = gate();
    const fetch = holdingFetch((request) => {
      if (!holdNext || !isMessageList(request)) return undefined;
      holdNext = false;
      pageRequested.open();
      return page.opened;
    });
    const { seen, source, live } = await disconnectedView(seeded, { pageSize: 3, fetch });
    expect(seen.current.list.messages).toHaveLength(3);
    for (const content of ['gap 1', 'gap 2']) await bobThread.sendMessage({ content });
    // The user scrolls back: the older page is on its way when the connection returns.
    holdNext = true;
    void seen.current.list.fetchNextPage();
    await pageRequested.opened;
    act(() => source.emit('realTimeNotificationConnected'));
    expect(live.pending.resyncs).toBeGreaterThan(0);
    page.open();
    await waitFor(() =>
      expect(texts(seen.current.list.messages).slice(0, 3)).toEqual([
        'gap 2',
        'gap 1',
        'Message 5',
      ]),
    );
    await waitFor(() => expect(live.pending.resyncs).toBe(0));
    // A message after the gap joins what was caught up: no hole beneath it.
    const after = await bobThread.getMessage(
      (await bobThread.sendMessage({ content: 'after' })).id,
    );
    act(() => source.emit('chatMessageReceived', receivedEvent(threadId, after, ann.userId)));
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('after'));
    const shown = seen.current.list.messages;
    expect(texts(shown).slice(0, 4)).toEqual(['after', 'gap 2', 'gap 1', 'Message 5']);
    expect(new Set(shown.map((m) => m.id)).size).toBe(shown.length);
  });

  it('that the service fails (500) tries again, backing off, until the list has the gap', async () => {
    const seeded = await conversation(emu);
    const { seen, source, live } = await disconnectedView(seeded);
    await seeded.bobThread.sendMessage({ content: 'in the gap' });
    emu.emulator.faults.add({ method: 'GET', path: '/chat/threads/*/messages', status: 500 });
    act(() => source.emit('realTimeNotificationConnected'));
    // The poll failed (after the client's own retry), and waits to try again.
    await waitFor(() => expect(live.pending).toMatchObject({ resyncs: 1, retries: 1 }));
    expect(texts(seen.current.list.messages)).not.toContain('in the gap');
    emu.emulator.faults.clear();
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('in the gap'));
    await waitFor(() => expect(live.pending).toMatchObject({ resyncs: 0, retries: 0 }));
  });

  it('whose credential fails tries again until the token comes, then has the gap', async () => {
    const seeded = await conversation(emu);
    const real = new CommunicationTokenCredential(seeded.ann.token);
    let failing = false;
    // As a tokenRefresher that cannot reach the app's server: getToken fails.
    const credential: TokenCredentialLike = {
      getToken: (options) =>
        failing ? Promise.reject(new Error('The token server is down.')) : real.getToken(options),
      dispose: () => real.dispose(),
    };
    const { seen, source, live } = await disconnectedView(seeded, { credential });
    await seeded.bobThread.sendMessage({ content: 'in the gap' });
    failing = true;
    act(() => source.emit('realTimeNotificationConnected'));
    // The list's poll and the receipts' refetch both failed, and wait to try again.
    await waitFor(() => expect(live.pending).toMatchObject({ resyncs: 2, retries: 2 }));
    failing = false;
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('in the gap'));
    await waitFor(() => expect(live.pending).toMatchObject({ resyncs: 0, retries: 0 }));
  });

  it('stops trying again when the provider unmounts', async () => {
    const seeded = await conversation(emu);
    const { source, live, rendered } = await disconnectedView(seeded);
    emu.emulator.faults.add({ method: 'GET', path: '/chat/threads/*/messages', status: 500 });
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(live.pending).toMatchObject({ resyncs: 1, retries: 1 }));
    rendered.unmount();
    expect(live.pending).toEqual({ fetches: 0, events: 0, resyncs: 0, retries: 0 });
  });

  it('gives up on a thread that is gone (404) instead of asking again', async () => {
    const seeded = await conversation(emu);
    const { source, live } = await disconnectedView(seeded);
    const annClient = new ChatClient(
      emu.url,
      new CommunicationTokenCredential(seeded.ann.token),
      fastRetries,
    );
    await annClient.deleteChatThread(seeded.threadId);
    annClient.close();
    act(() => source.emit('realTimeNotificationConnected'));
    expect(live.pending.resyncs).toBe(2);
    // Its messages and receipts both answered 404: nothing left to try.
    await waitFor(() => expect(live.pending).toMatchObject({ resyncs: 0, retries: 0 }));
  });
});

describe('resyncRetryDelay', () => {
  it('doubles from 1 s to a 30 s cap, jittered by at most a fifth either way', () => {
    const middle = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => resyncRetryDelay(n, () => 0.5));
    expect(middle).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(resyncRetryDelay(1, () => 0)).toBe(800);
    expect(resyncRetryDelay(6, () => 0.999_999)).toBeLessThanOrEqual(36_000);
    expect(resyncRetryDelay(6, () => 0.999_999)).toBeGreaterThan(35_999);
  });
});
