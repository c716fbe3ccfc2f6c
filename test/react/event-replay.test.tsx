// Events replayed into fetches that started before them (src/react/event-replay.ts) hold memory
// only while such a fetch is in flight: a fetch cancelled by an unmount or a removed query is
// forgotten, and however many events come during one fetch, at most maxReplayedEvents are held.
import { QueryClient } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  ChatProvider,
  messagesQuery,
  useChatMessages,
  useChatScope,
  type ChatScope,
} from '../../src/react/index.ts';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import type { ChatRealtime } from '../../src/react/realtime/chat-realtime.ts';
import { maxReplayedEvents } from '../../src/react/realtime/event-replay.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate, holdingFetch } from '../support/holding-fetch.ts';
import { ScriptedRealtime, receivedEvent } from '../support/scripted-realtime.ts';
import { newQueryClient, openClient } from './helpers.tsx';
import { conversation, liveView, texts } from './live-view.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const isMessageList = (request: Request) =>
  request.method === 'GET' && new URL(request.url).pathname.endsWith('/messages');

/** A deletion in a thread nobody has open: an event that edits nothing, cheap to send by the thousand. */
function elsewhere(n: number, sender: EmulatorUser) {
  return {
    threadId: '19:elsewhere@thread.v2',
    id: String(n),
    deletedOn: new Date(),
    sender: { kind: 'communicationUser' as const, communicationUserId: sender.userId },
    senderDisplayName: '',
  };
}

function Row({ threadId }: { threadId: string }) {
  useChatMessages(threadId);
  return null;
}

/** Ann's provider with a real-time source; `rows` threads each show their messages. */
function screen(ann: EmulatorUser, source: ScriptedRealtime, fetch: typeof globalThis.fetch) {
  const queryClient: QueryClient = newQueryClient();
  const client = openClient(emu, ann, { fetch });
  const seen: { current?: { live?: ChatRealtime; scope: ChatScope } } = {};
  function useProbe() {
    return { live: useRealtime('useProbe').live, scope: useChatScope() };
  }
  const report = (found: ReturnType<typeof useProbe>) => void (seen.current = found);
  function Probe() {
    report(useProbe());
    return null;
  }
  const tree = (rows: string[]): ReactNode => (
    <StrictMode>
      <ChatProvider client={client} userId={ann.userId} queryClient={queryClient} realtime={source}>
        <Probe />
        {rows.map((threadId) => (
          <Row key={threadId} threadId={threadId} />
        ))}
      </ChatProvider>
    </StrictMode>
  );
  const rendered = render(tree([]));
  return {
    queryClient,
    show: (rows: string[]) => rendered.rerender(tree(rows)),
    /** The provider's ChatRealtime, once loaded (it listens from then on). */
    live: async () => {
      await waitFor(() => expect(seen.current?.live).toBeDefined());
      return seen.current!.live!;
    },
    scope: () => seen.current!.scope,
  };
}

describe('events replayed into fetches in flight', () => {
  it('forgets the fetches of rows unmounted during them, and then holds no event', async () => {
    const { users, threadIds } = await emu.emulator.seed({
      users: 1,
      threads: 5,
      messagesPerThread: 1,
    });
    const ann = users[0]!;
    const held = gate();
    const source = new ScriptedRealtime();
    const { show, live } = screen(
      ann,
      source,
      holdingFetch((request) => (isMessageList(request) ? held.opened : undefined)),
    );
    const realtime = await live();
    // Five rows, each loading its thread's messages (held: the fetches stay in flight).
    act(() => show(threadIds));
    await waitFor(() => expect(realtime.pending.fetches).toBe(5));
    // Unmounted during their fetches: TanStack cancels them.
    act(() => show([]));
    expect(realtime.pending.fetches).toBe(0);
    act(() => {
      for (let n = 0; n < 2000; n++) source.emit('chatMessageDeleted', elsewhere(n, ann));
    });
    expect(realtime.pending).toMatchObject({ fetches: 0, events: 0 });
    held.open();
  });

  it('forgets the fetch of a query removed while it runs', async () => {
    const { users, threadIds } = await emu.emulator.seed({
      users: 1,
      threads: 1,
      messagesPerThread: 1,
    });
    const ann = users[0]!;
    const held = gate();
    const source = new ScriptedRealtime();
    const { queryClient, live, scope } = screen(
      ann,
      source,
      holdingFetch((request) => (isMessageList(request) ? held.opened : undefined)),
    );
    const realtime = await live();
    const options = messagesQuery(scope(), threadIds[0]!);
    void queryClient.prefetchInfiniteQuery(options);
    await waitFor(() => expect(realtime.pending.fetches).toBe(1));
    queryClient.removeQueries({ queryKey: options.queryKey });
    expect(realtime.pending.fetches).toBe(0);
    act(() => source.emit('chatMessageDeleted', elsewhere(0, ann)));
    expect(realtime.pending.events).toBe(0);
    held.open();
  });

  it(`holds at most ${maxReplayedEvents} events for a fetch, which then fetches again for what it lacks`, async () => {
    const { ann, threadId, bobThread } = await conversation(emu);
    // The list's refetch reaches the emulator before Bob's message exists; its answer is held
    // until the events have come.
    const answer = gate();
    const refetchAnswered = gate();
    let holding = false;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await globalThis.fetch(request);
      if (holding && isMessageList(request)) {
        holding = false;
        refetchAnswered.open();
        await answer.opened;
      }
      return response;
    };
    const source = new ScriptedRealtime();
    const { seen, live, queryClient } = liveView(emu, ann, threadId, { source, fetch });
    await waitFor(() => expect(seen.current.list.messages).toHaveLength(3));
    const realtime = live();
    // Connected first, its resync done: the list's own refetch is what must bring the message.
    act(() => source.emit('realTimeNotificationConnected'));
    await waitFor(() => expect(realtime.pending.resyncs).toBe(0));
    holding = true;
    void seen.current.list.refetch();
    await refetchAnswered.opened;
    const message = await bobThread.getMessage(
      (await bobThread.sendMessage({ content: 'During' })).id,
    );
    act(() => source.emit('chatMessageReceived', receivedEvent(threadId, message, ann.userId)));
    // A burst after it pushes it out of the replay.
    act(() => {
      for (let n = 0; n < maxReplayedEvents + 10; n++)
        source.emit('chatMessageDeleted', elsewhere(n, ann));
    });
    expect(realtime.pending.events).toBe(maxReplayedEvents);
    answer.open();
    // The refetch's answer lacks the message, and the replay no longer has it: it fetches again,
    // and the message comes back listed (with its sequence number, which its event lacks).
    await waitFor(() => expect(seen.current.list.messages[0]?.sequenceId).toBe('4'));
    expect(texts(seen.current.list.messages)[0]).toBe('During');
    expect(seen.current.list.messages).toHaveLength(4);
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(realtime.pending).toMatchObject({ fetches: 0, events: 0 });
  });
});
