// useUpdateChatThread: a new topic or metadata, in every cache that holds the thread.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isChatError,
  useChatMessages,
  useChatThread,
  useChatThreads,
  useUpdateChatThread,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('useUpdateChatThread', () => {
  it('updates the topic in the properties and the thread lists; a topicUpdated message follows', async () => {
    const { ann, threadId } = await conversation(emu, 0);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      thread: useChatThread(threadId),
      threads: useChatThreads(),
      messages: useChatMessages(threadId, { refetchInterval: 30 }),
      update: useUpdateChatThread(threadId),
    }));
    await waitFor(() => expect(result.current.thread.data?.topic).toBe('Chat 1'));
    await waitFor(() => expect(result.current.threads.threads).toHaveLength(1));
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true));
    await act(() => result.current.update.mutateAsync({ topic: 'Renamed', metadata: { a: '1' } }));
    await waitFor(() => expect(result.current.thread.data?.topic).toBe('Renamed'));
    expect(result.current.thread.data?.metadata).toEqual({ a: '1' });
    expect(result.current.threads.threads[0]?.topic).toBe('Renamed');
    await waitFor(() =>
      expect(result.current.messages.messages[0]).toMatchObject({
        type: 'topicUpdated',
        content: { topic: 'Renamed' },
      }),
    );
  });

  it('surfaces a typed ChatError', async () => {
    const { threadId } = await conversation(emu, 0);
    const eve = await emu.user();
    const { result } = renderChatHook(harness(emu, eve), () => useUpdateChatThread(threadId));
    act(() => result.current.mutate({ topic: 'Mine' }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(isChatError(result.current.error)).toBe(true);
    // Eve is not in the thread: the service refuses her (a thread that did not exist would be 404).
    expect(result.current.error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });
});
