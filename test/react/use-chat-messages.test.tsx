// useChatMessages: a thread's messages newest first, older pages on demand, and polls that bring
// only what is new, merged with the pages by id.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatError, useChatMessages, type ChatMessageItem } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation, serverIds } from './conversation.ts';
import { harness, openClient, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const ids = (messages: ChatMessageItem[]) => messages.map((m) => m.id);

describe('useChatMessages', () => {
  it('lists newest first and loads older pages to the end', async () => {
    const { ann, threadId } = await conversation(emu, 25);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatMessages(threadId, { pageSize: 10 }));
    await waitFor(() => expect(result.current.messages).toHaveLength(10));
    expect(result.current.messages[0]!.content?.message).toBe('Message 25');
    while (result.current.hasNextPage) {
      await act(() => result.current.fetchNextPage());
      await waitFor(() => expect(result.current.isFetchingNextPage).toBe(false));
    }
    // 25 texts plus the participantAdded and topicUpdated system messages of the creation.
    expect(ids(result.current.messages)).toEqual(await serverIds(emu, ann, threadId));
    expect(result.current.messages.at(-1)!.type).toBe('participantAdded');
    expect(result.current.messages.at(-2)!.type).toBe('topicUpdated');
  });

  it('polls only what is new and merges it with paged history: no duplicates, no gaps', async () => {
    // Small server pages, so a poll has to follow nextLink to get everything new; a clock that
    // ticks a second on every reading: createdOn has whole seconds on the wire, as the service's.
    let clock = Date.now();
    const small = await startEmulator({ maxPageSize: 4, now: () => (clock += 1000) });
    try {
      const { ann, bob, threadId } = await conversation(small, 0);
      const annThread = openClient(small, ann).getChatThreadClient(threadId);
      for (let i = 1; i <= 10; i++) await annThread.sendMessage({ content: `Message ${i}` });
      const h = harness(small, ann);
      const { result } = renderChatHook(h, () =>
        useChatMessages(threadId, { pageSize: 4, refetchInterval: 40 }),
      );
      await waitFor(() => expect(result.current.messages).toHaveLength(4));
      const bobThread = openClient(small, bob).getChatThreadClient(threadId);
      small.emulator.clearRequests();
      for (let i = 1; i <= 9; i++) await bobThread.sendMessage({ content: `Live ${i}` });
      await waitFor(() => expect(result.current.messages).toHaveLength(13));
      expect(result.current.messages.slice(0, 9).map((m) => m.content?.message)).toEqual([
        'Live 9',
        'Live 8',
        'Live 7',
        'Live 6',
        'Live 5',
        'Live 4',
        'Live 3',
        'Live 2',
        'Live 1',
      ]);
      // Polls asked from the newest message held, never for history.
      const polls = requestsTo(small, 'GET', /\/messages$/);
      expect(polls.length).toBeGreaterThan(0);
      for (const poll of polls)
        expect(new URL(poll.url).searchParams.get('startTime')).toBeTruthy();
      // The older pages continue where the first page ended.
      while (result.current.hasNextPage) {
        await act(() => result.current.fetchNextPage());
        await waitFor(() => expect(result.current.isFetchingNextPage).toBe(false));
      }
      const all = ids(result.current.messages);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(await serverIds(small, ann, threadId));
      expect(all).toHaveLength(10 + 9 + 2);
    } finally {
      await small.close();
    }
  });

  it('picks up new messages in a thread with only its creation messages', async () => {
    const { ann, bob, threadId } = await conversation(emu, 0);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () =>
      useChatMessages(threadId, { pageSize: 5, refetchInterval: 30 }),
    );
    await waitFor(() => expect(result.current.messages).toHaveLength(2));
    await openClient(emu, bob).getChatThreadClient(threadId).sendMessage({ content: 'Hi' });
    await waitFor(() => expect(result.current.messages[0]?.content?.message).toBe('Hi'));
    expect(ids(result.current.messages)).toEqual(await serverIds(emu, ann, threadId));
  });

  it('polls with no query of its own: the cache holds only the list', async () => {
    const { ann, bob, threadId } = await conversation(emu, 1);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => useChatMessages(threadId, { refetchInterval: 20 }));
    await waitFor(() => expect(result.current.messages).toHaveLength(3));
    emu.emulator.clearRequests();
    await openClient(emu, bob).getChatThreadClient(threadId).sendMessage({ content: 'New' });
    await waitFor(() => expect(result.current.messages).toHaveLength(4));
    expect(requestsTo(emu, 'GET', /\/messages$/).length).toBeGreaterThan(0);
    const keys = h.queryClient
      .getQueryCache()
      .getAll()
      .map((q) => q.queryKey);
    expect(keys).toEqual([h.keys.messages(threadId)]);
  });

  it('surfaces a typed ChatError for a thread the user cannot read', async () => {
    const { threadId } = await conversation(emu, 1);
    const eve = await emu.user();
    const { result } = renderChatHook(harness(emu, eve), () => useChatMessages(threadId));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(isChatError(result.current.error)).toBe(true);
    expect(result.current.error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });
});
