// Where caches feed each other: query functions only fetch, and the provider's one subscription
// feeds the user's own receipt into the summary while it is mounted (StrictMode too), and no
// longer once the last provider of that QueryClient and user is gone. Over HTTP to the emulator.
import { QueryClientProvider } from '@tanstack/react-query';
import { render, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  ChatProvider,
  CommunicationTokenCredential,
  readReceiptsQuery,
  threadSummaryQuery,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { fastRetries, harness, type ChatHarness } from './helpers.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** Ann's view of a thread where Bob wrote twice; her own receipt for both is on the service. */
async function readElsewhere() {
  const ann = await emu.user();
  const bob = await emu.user();
  const creator = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token));
  const { chatThread } = await creator.createChatThread(
    { topic: 'Feeds' },
    { participants: [{ id: { communicationUserId: bob.userId } }] },
  );
  creator.close();
  const threadId = chatThread!.id;
  const bobThread = new ChatClient(
    emu.url,
    new CommunicationTokenCredential(bob.token),
    fastRetries,
  ).getChatThreadClient(threadId);
  await bobThread.sendMessage({ content: 'one' });
  const { id: newest } = await bobThread.sendMessage({ content: 'two' });
  const h = harness(emu, ann);
  // Her summary, fetched before she read the thread on another device.
  const summary = await h.queryClient.fetchQuery(threadSummaryQuery(h.scope, threadId));
  expect(summary.unreadCount).toBe(2);
  await h.client.getChatThreadClient(threadId).sendReadReceipt({ chatMessageId: newest });
  return { h, threadId };
}

const unread = (h: ChatHarness, threadId: string) =>
  h.queryClient.getQueryData(h.keys.threadSummary(threadId))?.unreadCount;

function Provided({ h, children }: { h: ChatHarness; children?: ReactNode }) {
  return (
    <ChatProvider client={h.client} userId={h.scope.userId}>
      {children}
    </ChatProvider>
  );
}

describe('the cache feeds', () => {
  it('leave the receipts query a fetch: without a provider, its answer does not touch the summary', async () => {
    const { h, threadId } = await readElsewhere();
    const receipts = await h.queryClient.fetchQuery(readReceiptsQuery(h.scope, threadId));
    expect(receipts.map((r) => r.sender)).toContainEqual(
      expect.objectContaining({ communicationUserId: h.scope.userId }),
    );
    expect(unread(h, threadId)).toBe(2);
  });

  it('feed her own receipt into the summary while a provider is mounted (StrictMode)', async () => {
    const { h, threadId } = await readElsewhere();
    render(
      <QueryClientProvider client={h.queryClient}>
        <StrictMode>
          <Provided h={h} />
        </StrictMode>
      </QueryClientProvider>,
    );
    await h.queryClient.fetchQuery(readReceiptsQuery(h.scope, threadId));
    await waitFor(() => expect(unread(h, threadId)).toBe(0));
  });

  it('run while one of two providers of the QueryClient and user is mounted, and stop with the last', async () => {
    const both = (h: ChatHarness, count: 1 | 2) => (
      <QueryClientProvider client={h.queryClient}>
        <Provided h={h} />
        {count === 2 ? <Provided h={h} /> : null}
      </QueryClientProvider>
    );
    const first = await readElsewhere();
    const view = render(both(first.h, 2));
    view.rerender(both(first.h, 1));
    await first.h.queryClient.fetchQuery(readReceiptsQuery(first.h.scope, first.threadId));
    await waitFor(() => expect(unread(first.h, first.threadId)).toBe(0));

    const second = await readElsewhere();
    render(both(second.h, 2)).unmount();
    await second.h.queryClient.fetchQuery(readReceiptsQuery(second.h.scope, second.threadId));
    expect(unread(second.h, second.threadId)).toBe(2);
  });
});
