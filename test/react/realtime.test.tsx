import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate } from '../support/holding-fetch.ts';
import { ScriptedRealtime, receivedEvent } from '../support/scripted-realtime.ts';
import { requestsTo } from './helpers.tsx';
import {
  conversation as seeded,
  listening,
  liveView,
  texts,
  type LiveViewOptions,
} from './live-view.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const conversation = () => seeded(emu);

/** Ann's view of the thread, with `source` as the provider's real-time source. */
const view = (
  ann: EmulatorUser,
  threadId: string,
  source?: ScriptedRealtime,
  interval?: number,
  fetch?: LiveViewOptions['fetch'],
) => liveView(emu, ann, threadId, { source, interval, fetch });

describe('ChatProvider with a real-time source', () => {
  it('says off, connecting, connected, disconnected; listens once under StrictMode and stops on unmount', async () => {
    const { ann, threadId } = await conversation();
    const without = view(ann, threadId);
    await waitFor(() => expect(without.seen.current.connection).toBe('off'));
    without.rendered.unmount();
    const source = new ScriptedRealtime();
    const { seen, rendered } = view(ann, threadId, source);
    expect(seen.current.connection).toBe('connecting');
    // One listener per event (12), though StrictMode mounted the effect twice.
    await listening(source);
    act(() => source.emit('realTimeNotificationConnected'));
    expect(seen.current.connection).toBe('connected');
    act(() => source.emit('realTimeNotificationDisconnected'));
    expect(seen.current.connection).toBe('disconnected');
    rendered.unmount();
    expect(source.listenerCount).toBe(0);
  });

  it('hears a Connected that comes while its real-time code is still loading', async () => {
    const { ann, threadId } = await conversation();
    const source = new ScriptedRealtime();
    const { seen } = view(ann, threadId, source);
    act(() => source.emit('realTimeNotificationConnected'));
    await listening(source);
    await waitFor(() => expect(seen.current.connection).toBe('connected'));
  });

  it('takes an event before any Connected as connected (a source started earlier)', async () => {
    const { ann, bob, threadId } = await conversation();
    const source = new ScriptedRealtime();
    const { seen } = view(ann, threadId, source);
    await listening(source);
    expect(seen.current.connection).toBe('connecting');
    const sender = { kind: 'communicationUser' as const, communicationUserId: bob.userId };
    act(() =>
      source.emit('typingIndicatorReceived', {
        threadId,
        sender,
        senderDisplayName: 'Bob',
        receivedOn: new Date(),
      }),
    );
    expect(seen.current.connection).toBe('connected');
  });

  it('merges a pushed message once, shows and clears typing, and updates receipts live', async () => {
    const { ann, bob, threadId, bobThread } = await conversation();
    const source = new ScriptedRealtime();
    const { seen } = view(ann, threadId, source);
    await listening(source);
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    await waitFor(() => expect(seen.current.receipts.isSuccess).toBe(true));
    const bobId = { kind: 'communicationUser' as const, communicationUserId: bob.userId };
    act(() =>
      source.emit('typingIndicatorReceived', {
        threadId,
        sender: bobId,
        senderDisplayName: 'Bob',
        receivedOn: new Date(),
      }),
    );
    expect(seen.current.typing.map((t) => t.senderDisplayName)).toEqual(['Bob']);
    const { id } = await bobThread.sendMessage({ content: 'Pushed' });
    const message = await bobThread.getMessage(id);
    const event = receivedEvent(threadId, message, ann.userId);
    act(() => source.emit('chatMessageReceived', event));
    act(() => source.emit('chatMessageReceived', event)); // delivered twice: shown once
    await waitFor(() => expect(seen.current.list.messages[0]!.id).toBe(id));
    expect(texts(seen.current.list.messages).filter((t) => t === 'Pushed')).toHaveLength(1);
    // Bob's message ends his typing.
    expect(seen.current.typing).toEqual([]);
    const readOn = new Date();
    act(() =>
      source.emit('readReceiptReceived', {
        threadId,
        sender: bobId,
        senderDisplayName: 'Bob',
        recipient: bobId,
        chatMessageId: id,
        readOn,
      } as never),
    );
    await waitFor(() =>
      expect(seen.current.receipts.data).toContainEqual({
        sender: bobId,
        chatMessageId: id,
        readOn,
      }),
    );
  });

  it('fetches what was sent while disconnected when the connection comes back, each once', async () => {
    const { ann, threadId, bobThread } = await conversation();
    const source = new ScriptedRealtime();
    const { seen } = view(ann, threadId, source);
    await listening(source);
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    act(() => source.emit('realTimeNotificationDisconnected'));
    for (const content of ['one', 'two', 'three']) await bobThread.sendMessage({ content });
    await listening(source);
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(6));
    expect(texts(seen.current.list.messages).slice(0, 3)).toEqual(['three', 'two', 'one']);
    expect(new Set(seen.current.list.messages.map((m) => m.id)).size).toBe(6);
  });

  it('keeps a listed message in its place when its event comes after the listing', async () => {
    const { ann, threadId, bobThread } = await conversation();
    const source = new ScriptedRealtime();
    const { seen } = view(ann, threadId, source);
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    act(() => source.emit('realTimeNotificationDisconnected'));
    const { id } = await bobThread.sendMessage({ content: 'First' });
    await bobThread.sendMessage({ content: 'Second' });
    // The resync lists both, with their sequence numbers.
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() =>
      expect(texts(seen.current.list.messages).slice(0, 2)).toEqual(['Second', 'First']),
    );
    // The first one's event, late (the service's channel may lag its REST API): it has no
    // sequence number, and must not lift the message above the newer one. A third message's
    // event, after it, shows when both have been merged.
    const late = receivedEvent(threadId, await bobThread.getMessage(id), ann.userId);
    act(() => source.emit('chatMessageReceived', late));
    const third = await bobThread.getMessage(
      (await bobThread.sendMessage({ content: 'Third' })).id,
    );
    act(() => source.emit('chatMessageReceived', receivedEvent(threadId, third, ann.userId)));
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('Third'));
    expect(texts(seen.current.list.messages).slice(0, 3)).toEqual(['Third', 'Second', 'First']);
  });

  it('does not poll while connected, and polls again while disconnected', async () => {
    const { ann, threadId, bobThread } = await conversation();
    const source = new ScriptedRealtime();
    const live = view(ann, threadId, source, 20);
    await listening(source);
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(live.seen.current.list.messages).toHaveLength(3));
    emu.emulator.clearRequests();
    // A second screen that polls at the same interval proves polls had time to happen.
    const polling = view(ann, threadId, undefined, 20);
    await waitFor(() => expect(polling.seen.current.list.messages).toHaveLength(3));
    await bobThread.sendMessage({ content: 'Polled' });
    await waitFor(() => expect(texts(polling.seen.current.list.messages)[0]).toBe('Polled'));
    const polls = requestsTo(emu, 'GET', /\/messages$/).filter((r) => r.url.includes('startTime'));
    expect(polls.length).toBeGreaterThan(0);
    // The live screen (no event sent for the message) made none of them, and does not show it.
    expect(texts(live.seen.current.list.messages)[0]).not.toBe('Polled');
    const byLive = polls.length;
    polling.rendered.unmount();
    act(() => source.emit('realTimeNotificationDisconnected'));
    await waitFor(() => expect(texts(live.seen.current.list.messages)[0]).toBe('Polled'));
    expect(requestsTo(emu, 'GET', /\/messages$/).length).toBeGreaterThan(byLive);
  });

  it('keeps an event that arrives while an older fetch of the list is in flight', async () => {
    const { ann, threadId, bobThread } = await conversation();
    // The list's refetch reaches the emulator before Bob's message exists; its answer is held
    // until the event for that message has been merged.
    const answer = gate();
    let holding = false;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await globalThis.fetch(request);
      if (holding && request.method === 'GET' && request.url.includes('/messages?')) {
        holding = false;
        refetchAnswered.open();
        await answer.opened;
      }
      return response;
    };
    const refetchAnswered = gate();
    const source = new ScriptedRealtime();
    const { seen } = view(ann, threadId, source, undefined, fetch);
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    holding = true;
    void seen.current.list.refetch();
    await refetchAnswered.opened;
    const { id } = await bobThread.sendMessage({ content: 'During' });
    const message = await bobThread.getMessage(id);
    act(() => source.emit('chatMessageReceived', receivedEvent(threadId, message, ann.userId)));
    answer.open();
    await waitFor(() => expect(seen.current.list.isFetching).toBe(false));
    await waitFor(() => expect(texts(seen.current.list.messages)[0]).toBe('During'));
    expect(seen.current.list.messages).toHaveLength(4);
  });
});
