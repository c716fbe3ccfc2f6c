// A thread deleted elsewhere: its message and read-receipt polls stop at the first 404 instead of
// asking every interval for ever. A live thread's poll beside it is the clock: the gone thread's
// request count must stay put while the live one keeps polling.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  useChatMessages,
  useReadReceipts,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { fastRetries, harness, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const polls = (threadId: string, what: 'messages' | 'readReceipts') =>
  requestsTo(emu, 'GET', new RegExp(`/${encodeURIComponent(threadId)}/${what}$`)).length;

describe('polling a thread that is gone', () => {
  it('stops the message and read-receipt polls at the first 404', async () => {
    const { users, threadIds } = await emu.emulator.seed({
      users: 1,
      threads: 2,
      messagesPerThread: 1,
    });
    const [ann] = users;
    const [gone, live] = threadIds as [string, string];
    const { result } = renderChatHook(harness(emu, ann!), () => ({
      goneMessages: useChatMessages(gone, { refetchInterval: 20 }),
      goneReceipts: useReadReceipts(gone, { refetchInterval: 20 }),
      liveMessages: useChatMessages(live, { refetchInterval: 20 }),
    }));
    await waitFor(() => expect(result.current.goneReceipts.isSuccess).toBe(true));
    await waitFor(() => expect(polls(gone, 'messages')).toBeGreaterThan(1));

    const core = new ChatClient(emu.url, new CommunicationTokenCredential(ann!.token), fastRetries);
    const messagesAtDelete = polls(gone, 'messages');
    await act(() => core.deleteChatThread(gone));
    core.close();
    await waitFor(() => expect(result.current.goneReceipts.error?.statusCode).toBe(404));
    // A message poll asked after the delete, and got its 404.
    await waitFor(() => expect(polls(gone, 'messages')).toBeGreaterThan(messagesAtDelete));
    const settle = polls(live, 'messages');
    await waitFor(() => expect(polls(live, 'messages')).toBeGreaterThan(settle + 3));

    const messagesAfter = polls(gone, 'messages');
    const receiptsAfter = polls(gone, 'readReceipts');
    const liveBefore = polls(live, 'messages');
    await waitFor(() => expect(polls(live, 'messages')).toBeGreaterThan(liveBefore + 5));
    expect(polls(gone, 'messages')).toBe(messagesAfter);
    expect(polls(gone, 'readReceipts')).toBe(receiptsAfter);
  });
});
