// A real-time source is the app's code: the official ChatClient throws from `on` in Node, and
// before startRealtimeNotifications() for all but the connection events. Whatever its on or off
// throws, the app keeps working: the provider says 'disconnected' and the hooks poll.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { ScriptedRealtime, receivedEvent } from '../support/scripted-realtime.ts';
import { conversation, liveView, texts } from './live-view.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('a real-time source that throws', () => {
  it('whose on throws: the provider says disconnected, the hooks poll, unmount is quiet', async () => {
    const { ann, threadId, bobThread } = await conversation(emu);
    const source = new ScriptedRealtime({ failing: 'on' });
    const { seen, rendered, live } = liveView(emu, ann, threadId, { source, interval: 20 });
    await waitFor(() => expect(seen.current.live).toBeDefined());
    expect(live().state).toBe('disconnected');
    expect(seen.current.connection).toBe('disconnected');
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    await bobThread.sendMessage({ content: 'Polled' });
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('Polled'));
    expect(() => rendered.unmount()).not.toThrow();
  });

  it('that takes only the connection events (not started): nothing is heard, a Connected does not stop the polls', async () => {
    const { ann, threadId, bobThread } = await conversation(emu);
    const source = new ScriptedRealtime({ failing: 'unstarted' });
    const { seen } = liveView(emu, ann, threadId, { source, interval: 20 });
    await waitFor(() => expect(seen.current.live).toBeDefined());
    // The connection listeners it took were taken back: a Connected alone would stop the polls
    // with no message events coming.
    expect(source.listenerCount).toBe(0);
    act(() => source.emit('realTimeNotificationConnected'));
    expect(seen.current.connection).toBe('disconnected');
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    await bobThread.sendMessage({ content: 'Polled' });
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('Polled'));
  });

  it('whose off throws: it connects and merges events, unmount does not throw, and what it keeps calling is ignored', async () => {
    const { ann, threadId, bobThread } = await conversation(emu);
    const source = new ScriptedRealtime({ failing: 'off' });
    const { seen, rendered, queryClient, live } = liveView(emu, ann, threadId, { source });
    // StrictMode's first mount could not take its early listeners back.
    await waitFor(() => expect(seen.current.live).toBeDefined());
    act(() => source.emit('realTimeNotificationConnected'));
    expect(seen.current.connection).toBe('connected');
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    const pushed = await bobThread.getMessage(
      (await bobThread.sendMessage({ content: 'Pushed' })).id,
    );
    act(() => source.emit('chatMessageReceived', receivedEvent(threadId, pushed, ann.userId)));
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('Pushed'));
    const realtime = live();
    expect(() => rendered.unmount()).not.toThrow();
    // The source still holds the listeners; after unmount they do nothing.
    expect(source.listenerCount).toBeGreaterThanOrEqual(12);
    const before = queryClient
      .getQueryCache()
      .findAll()
      .map((q) => q.state.dataUpdatedAt);
    const late = await bobThread.getMessage((await bobThread.sendMessage({ content: 'Late' })).id);
    act(() => source.emit('chatMessageReceived', receivedEvent(threadId, late, ann.userId)));
    act(() => source.emit('realTimeNotificationDisconnected'));
    expect(
      queryClient
        .getQueryCache()
        .findAll()
        .map((q) => q.state.dataUpdatedAt),
    ).toEqual(before);
    expect(realtime.state).toBe('connected');
  });
});
