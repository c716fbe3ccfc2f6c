// Shared by the real-time tests: a seeded conversation on the emulator, and Ann's view of it in a
// ChatProvider (StrictMode) with a scripted real-time source, its state read back after each render.
import type { QueryClient } from '@tanstack/react-query';
import { render, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { expect } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  ChatProvider,
  useChatConnection,
  useChatMessages,
  useReadReceipts,
  useTypingIndicators,
  type TokenCredentialLike,
} from '../../src/react/index.ts';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import type { TestEmulator } from '../support/emulator.ts';
import type { ScriptedRealtime } from '../support/scripted-realtime.ts';
import { newQueryClient, openClient } from './helpers.tsx';

/** Ann and Bob in one thread with a message each way; Bob's thread client. */
export async function conversation(emu: TestEmulator, messagesPerThread = 1) {
  const { users, threadIds } = await emu.emulator.seed({
    users: 2,
    threads: 1,
    messagesPerThread,
    topic: 'Live',
  });
  const [ann, bob] = users as [EmulatorUser, EmulatorUser];
  const bobThread = openClient(emu, bob).getChatThreadClient(threadIds[0]!);
  return { ann, bob, threadId: threadIds[0]!, bobThread };
}

export interface LiveViewOptions {
  source?: ScriptedRealtime;
  /** useChatMessages' refetchInterval. */
  interval?: number;
  pageSize?: number;
  fetch?: typeof globalThis.fetch;
  credential?: TokenCredentialLike;
  queryClient?: QueryClient;
}

/** Ann's view of the thread: its connection, messages, receipts, typing, and the live side. */
export function liveView(
  emu: TestEmulator,
  ann: EmulatorUser,
  threadId: string,
  options: LiveViewOptions = {},
) {
  const seen: { current?: ReturnType<typeof useView> } = {};
  function useView() {
    const receipts = useReadReceipts(threadId);
    // Read in render: TanStack re-renders for the fields a render read.
    void receipts.data;
    return {
      connection: useChatConnection(),
      list: useChatMessages(threadId, {
        refetchInterval: options.interval,
        pageSize: options.pageSize,
      }),
      receipts,
      typing: useTypingIndicators(threadId),
      live: useRealtime('useView').live,
    };
  }
  function Probe() {
    seen.current = useView();
    return null;
  }
  const client = openClient(emu, ann, { credential: options.credential, fetch: options.fetch });
  const queryClient = options.queryClient ?? newQueryClient();
  const rendered = render(
    <StrictMode>
      <ChatProvider
        client={client}
        userId={ann.userId}
        queryClient={queryClient}
        realtime={options.source ?? false}
      >
        <Probe />
      </ChatProvider>
    </StrictMode>,
  );
  return {
    seen: seen as { current: ReturnType<typeof useView> },
    rendered,
    queryClient,
    /** The provider's ChatRealtime, once its code has loaded. */
    live: () => {
      const { live } = seen.current!;
      if (live === undefined) throw new Error('The real-time code has not loaded yet');
      return live;
    },
  };
}

/** The provider loads its real-time code on first use: wait until it listens to every event. */
export async function listening(source: ScriptedRealtime) {
  await waitFor(() => expect(source.listenerCount).toBe(12));
}

export const texts = (messages: { content?: { message?: string } }[]) =>
  messages.map((m) => m.content?.message);
