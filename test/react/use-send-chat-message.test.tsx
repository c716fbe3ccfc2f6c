// useSendChatMessage: a message shown pending at once, then as the service stored it; a failed one
// kept (outside the server's cache) to retry or discard; never shown twice.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyChatEvent,
  isChatError,
  useChatMessages,
  useChatThreads,
  useSendChatMessage,
  type ChatMessageItem,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { gate } from '../support/holding-fetch.ts';
import { conversation, serverIds } from './conversation.ts';
import { harness, openClient, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const ids = (messages: ChatMessageItem[]) => messages.map((m) => m.id);

/** Ann's view of a thread with `count` messages (plus the two of its creation), loaded. */
async function openConversation(count: number) {
  const { ann, bob, threadId } = await conversation(emu, count);
  const h = harness(emu, ann);
  const { result } = renderChatHook(h, () => ({
    list: useChatMessages(threadId),
    send: useSendChatMessage(threadId),
  }));
  await waitFor(() => expect(result.current.list.messages).toHaveLength(count + 2));
  return { ann, bob, threadId, h, result };
}

/** The next message send answers 500, or takes `latencyMs`. */
function nextSend(fault: { status: 500 } | { latencyMs: number }) {
  emu.emulator.faults.add({ method: 'POST', path: '/chat/threads/*/messages', times: 1, ...fault });
}

describe('useSendChatMessage', () => {
  it('shows the message pending at once, then the server message in its place', async () => {
    const { ann, threadId, result } = await openConversation(3);
    nextSend({ latencyMs: 300 });
    act(() => result.current.send.mutate({ content: 'Hello', senderDisplayName: 'Ann' }));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(6));
    const pending = result.current.list.messages[0]!;
    expect(pending).toMatchObject({ status: 'pending', content: { message: 'Hello' } });
    expect(pending.sender).toMatchObject({ communicationUserId: ann.userId });
    expect(result.current.send.isPending).toBe(true);
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true));
    const sent = result.current.list.messages[0]!;
    expect(sent.status).toBeUndefined();
    // Same clientMessageId from pending to sent: a list keyed by it keeps its element.
    expect(sent.clientMessageId).toBe(pending.clientMessageId);
    expect(sent.id).toBe(result.current.send.data?.id);
    expect(sent).toMatchObject({ content: { message: 'Hello' }, senderDisplayName: 'Ann' });
    expect(result.current.list.messages).toHaveLength(6);
    expect(ids(result.current.list.messages)).toEqual(await serverIds(emu, ann, threadId));
  });

  it('moves the thread to the top of the thread lists, as the service does', async () => {
    const older = await conversation(emu, 1);
    const { ann } = older;
    // A newer thread for Ann, so the conversation is second.
    await openClient(emu, ann).createChatThread({ topic: 'Newer' });
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      threads: useChatThreads(),
      send: useSendChatMessage(older.threadId),
    }));
    await waitFor(() => expect(result.current.threads.threads).toHaveLength(2));
    expect(result.current.threads.threads[1]!.id).toBe(older.threadId);
    const sent = await act(() => result.current.send.mutateAsync({ content: 'Bump' }));
    await waitFor(() => expect(result.current.threads.threads[0]!.id).toBe(older.threadId));
    expect(result.current.threads.threads[0]!.lastMessageReceivedOn).toEqual(sent.createdOn);
    // The service agrees.
    await act(() => result.current.threads.refetch());
    await waitFor(() => expect(result.current.threads.isFetching).toBe(false));
    expect(result.current.threads.threads.map((t) => t.id)[0]).toBe(older.threadId);
  });

  it('marks a failed message, and retry sends it in its place', async () => {
    const { ann, threadId, result } = await openConversation(1);
    nextSend({ status: 500 });
    act(() => result.current.send.mutate({ content: 'Oops' }));
    await waitFor(() => expect(result.current.send.isError).toBe(true));
    const failed = result.current.list.messages[0]!;
    expect(failed).toMatchObject({ status: 'failed', content: { message: 'Oops' } });
    expect(isChatError(failed.error)).toBe(true);
    expect(result.current.send.error?.statusCode).toBe(500);
    expect(await serverIds(emu, ann, threadId)).toHaveLength(3);

    act(() => result.current.send.retry(failed));
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true));
    expect(result.current.list.messages).toHaveLength(4);
    expect(result.current.list.messages[0]).toMatchObject({ content: { message: 'Oops' } });
    expect(result.current.list.messages[0]!.status).toBeUndefined();
    expect(ids(result.current.list.messages)).toEqual(await serverIds(emu, ann, threadId));
  });

  it('keeps a failed message, and its retry, through a refetch', async () => {
    const { result } = await openConversation(0);
    nextSend({ status: 500 });
    act(() => result.current.send.mutate({ content: 'Kept' }));
    await waitFor(() => expect(result.current.list.messages[0]?.status).toBe('failed'));
    await act(() => result.current.list.refetch());
    await waitFor(() => expect(result.current.list.isFetching).toBe(false));
    expect(result.current.list.messages[0]).toMatchObject({
      status: 'failed',
      content: { message: 'Kept' },
    });
    act(() => result.current.send.retry(result.current.list.messages[0]!));
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true));
    expect(result.current.list.messages).toHaveLength(3);
    expect(result.current.list.messages[0]!.status).toBeUndefined();
  });

  it('discards a failed message', async () => {
    const { result } = await openConversation(0);
    nextSend({ status: 500 });
    act(() => result.current.send.mutate({ content: 'Never' }));
    await waitFor(() => expect(result.current.list.messages[0]?.status).toBe('failed'));
    act(() => result.current.send.discard(result.current.list.messages[0]!));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(2));
  });

  it('sends while polling without a duplicate', async () => {
    const { ann, bob, threadId } = await conversation(emu, 2);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      list: useChatMessages(threadId, { refetchInterval: 20 }),
      send: useSendChatMessage(threadId),
    }));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(4));
    const bobThread = openClient(emu, bob).getChatThreadClient(threadId);
    // The POST is slow enough for several polls to run meanwhile.
    nextSend({ latencyMs: 200 });
    act(() => result.current.send.mutate({ content: 'Mine' }));
    await bobThread.sendMessage({ content: 'Theirs' });
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(6));
    const all = ids(result.current.list.messages);
    expect(new Set(all).size).toBe(6);
    await waitFor(async () =>
      expect(ids(result.current.list.messages)).toEqual(await serverIds(emu, ann, threadId)),
    );
  });
});

describe('sends outside the server cache', () => {
  it('keeps pending and failed sends out of the cached pages, and failed ones through a remount', async () => {
    const { ann, threadId } = await conversation(emu, 1);
    const h = harness(emu, ann);
    const useConversation = () => ({
      list: useChatMessages(threadId),
      send: useSendChatMessage(threadId),
    });
    const first = renderChatHook(h, useConversation);
    await waitFor(() => expect(first.result.current.list.messages).toHaveLength(3));
    nextSend({ status: 500 });
    act(() => first.result.current.send.mutate({ content: 'Lost?' }));
    await waitFor(() => expect(first.result.current.list.messages[0]?.status).toBe('failed'));
    // The cache is the server's: three messages, none of them local.
    const cached = h.queryClient.getQueryData(h.keys.messages(threadId))!;
    expect(cached.pages.flatMap((p) => p.items).map((m) => m.status)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    first.unmount();
    const again = renderChatHook(h, useConversation);
    await waitFor(() => expect(again.result.current.list.messages).toHaveLength(4));
    expect(again.result.current.list.messages[0]).toMatchObject({
      status: 'failed',
      content: { message: 'Lost?' },
    });
    act(() => again.result.current.send.retry(again.result.current.list.messages[0]!));
    await waitFor(() => expect(again.result.current.send.isSuccess).toBe(true));
    expect(again.result.current.list.messages.map((m) => m.status)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Nothing is left in the mutation cache for the sent message to be shown from.
    expect(
      h.queryClient
        .getMutationCache()
        .findAll({ mutationKey: h.keys.mutations.sendMessage(threadId) }),
    ).toEqual([]);
  });

  it('shows our message once when its echo arrives before the POST answers', async () => {
    const { ann, threadId } = await conversation(emu, 1);
    // The POST reaches the emulator (the message is stored) but its answer is held back.
    const answer = gate();
    const h = harness(emu, ann, {
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await fetch(request);
        if (request.method === 'POST' && request.url.includes('/messages?')) await answer.opened;
        return response;
      },
    });
    const copies: number[] = [];
    const { result } = renderChatHook(h, () => {
      const hooks = { list: useChatMessages(threadId), send: useSendChatMessage(threadId) };
      copies.push(hooks.list.messages.filter((m) => m.content?.message === 'Echo').length);
      return hooks;
    });
    await waitFor(() => expect(result.current.list.messages).toHaveLength(3));
    act(() => result.current.send.mutate({ content: 'Echo' }));
    await waitFor(() => expect(result.current.list.messages[0]?.status).toBe('pending'));
    const pending = result.current.list.messages[0]!;
    // The service's copy comes back first, as a real-time event would bring it.
    let echo: ChatMessageItem | undefined;
    for await (const m of openClient(emu, ann).getChatThreadClient(threadId).listMessages())
      if (m.content?.message === 'Echo') echo = m;
    act(() =>
      applyChatEvent(h.queryClient, h.scope, { type: 'messageReceived', threadId, message: echo! }),
    );
    await waitFor(() => expect(result.current.list.messages[0]?.id).toBe(echo!.id));
    expect(result.current.list.messages).toHaveLength(4);
    expect(result.current.list.messages[0]!.clientMessageId).toBe(pending.clientMessageId);
    expect(result.current.send.isPending).toBe(true);
    answer.open();
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true));
    expect(result.current.list.messages).toHaveLength(4);
    expect(result.current.list.messages[0]).toMatchObject({
      id: echo!.id,
      clientMessageId: pending.clientMessageId,
    });
    expect(result.current.list.messages[0]!.status).toBeUndefined();
    // Never two copies on screen, in any render.
    expect(Math.max(...copies)).toBe(1);
  });
});
