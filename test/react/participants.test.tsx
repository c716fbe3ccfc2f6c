import { act, waitFor } from '@testing-library/react';
import { useQueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyChatEvent,
  ChatClient,
  CommunicationTokenCredential,
  isChatError,
  useAddChatParticipants,
  useChatMessages,
  useChatParticipants,
  useChatScope,
  useChatThread,
  useChatThreadClient,
  useChatThreads,
  useReadReceipts,
  useRemoveChatParticipant,
  useSendReadReceipt,
  useTypingNotifier,
  useUpdateChatThread,
  type ChatError,
} from '../../src/react/index.ts';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { fastRetries, harness, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

async function conversation(count = 1) {
  const { users, threadIds } = await emu.emulator.seed({
    users: 2,
    threads: 1,
    messagesPerThread: count,
    topic: 'Chat',
  });
  return { ann: users[0]!, bob: users[1]!, threadId: threadIds[0]! };
}

const rawIds = (participants: { id: object }[] | undefined) =>
  (participants ?? []).map((p) => (p.id as { communicationUserId: string }).communicationUserId);

function coreClient(user: EmulatorUser) {
  return new ChatClient(emu.url, new CommunicationTokenCredential(user.token), fastRetries);
}

describe('useChatThreadClient', () => {
  it('is the same object across renders', async () => {
    const { ann, threadId } = await conversation();
    const { result, rerender } = renderChatHook(harness(emu, ann), () =>
      useChatThreadClient(threadId),
    );
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    expect(first.threadId).toBe(threadId);
  });
});

describe('useUpdateChatThread', () => {
  it('updates the topic in the properties and the thread lists; a topicUpdated message follows', async () => {
    const { ann, threadId } = await conversation(0);
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
    const { threadId } = await conversation(0);
    const eve = await emu.user();
    const { result } = renderChatHook(harness(emu, eve), () => useUpdateChatThread(threadId));
    act(() => result.current.mutate({ topic: 'Mine' }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(isChatError(result.current.error)).toBe(true);
    expect([403, 404]).toContain(result.current.error?.statusCode);
  });
});

describe('participants', () => {
  it('lists, adds (reporting invalid ones) and removes participants, with system messages', async () => {
    const { ann, bob, threadId } = await conversation(0);
    const carol = await emu.user();
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      participants: useChatParticipants(threadId),
      messages: useChatMessages(threadId, { refetchInterval: 30 }),
      add: useAddChatParticipants(threadId),
      remove: useRemoveChatParticipant(threadId),
    }));
    await waitFor(() =>
      expect(rawIds(result.current.participants.data).sort()).toEqual(
        [ann.userId, bob.userId].sort(),
      ),
    );
    const nobody = '8:acs:00000000-0000-0000-0000-000000000000_nobody';
    const added = await act(() =>
      result.current.add.mutateAsync([
        { id: { communicationUserId: carol.userId }, displayName: 'Carol' },
        { id: { communicationUserId: nobody } },
      ]),
    );
    expect(added.invalidParticipants?.map((p) => p.target)).toEqual([nobody]);
    await waitFor(() => expect(rawIds(result.current.participants.data)).toContain(carol.userId));
    await waitFor(() => expect(result.current.messages.messages[0]?.type).toBe('participantAdded'));

    await act(() => result.current.remove.mutateAsync({ communicationUserId: bob.userId }));
    await waitFor(() => expect(rawIds(result.current.participants.data)).not.toContain(bob.userId));
    await waitFor(() =>
      expect(result.current.messages.messages[0]?.type).toBe('participantRemoved'),
    );

    // Bob lost his access: his hooks now report it as a ChatError.
    const bobs = renderChatHook(harness(emu, bob), () => useChatMessages(threadId));
    await waitFor(() => expect(bobs.result.current.isError).toBe(true));
    expect([403, 404]).toContain(bobs.result.current.error?.statusCode);
  });

  it('shows a new participant only the history shareHistoryTime allows', async () => {
    const { ann, threadId } = await conversation(3);
    const carol = await emu.user();
    const annThread = coreClient(ann).getChatThreadClient(threadId);
    const { result } = renderChatHook(harness(emu, ann), () => useAddChatParticipants(threadId));
    // Added with no shared history: Carol sees the messages from her joining on.
    await act(() =>
      result.current.mutateAsync([
        { id: { communicationUserId: carol.userId }, shareHistoryTime: new Date() },
      ]),
    );
    await annThread.sendMessage({ content: 'Welcome' });
    const carols = renderChatHook(harness(emu, carol), () => useChatMessages(threadId));
    await waitFor(() => expect(carols.result.current.isSuccess).toBe(true));
    const texts = carols.result.current.messages.filter((m) => m.type === 'text');
    expect(texts.map((m) => m.content?.message)).toEqual(['Welcome']);
  });

  it('leaving a thread (removing yourself) drops it from the lists', async () => {
    const { bob, threadId } = await conversation(0);
    const h = harness(emu, bob);
    const { result } = renderChatHook(h, () => ({
      threads: useChatThreads(),
      remove: useRemoveChatParticipant(threadId),
    }));
    await waitFor(() => expect(result.current.threads.threads).toHaveLength(1));
    await act(() => result.current.remove.mutateAsync({ communicationUserId: bob.userId }));
    await waitFor(() => expect(result.current.threads.threads).toHaveLength(0));
  });

  it('surface typed ChatErrors', async () => {
    const { threadId } = await conversation(0);
    const eve = await emu.user();
    const { result } = renderChatHook(harness(emu, eve), () => ({
      participants: useChatParticipants(threadId),
      add: useAddChatParticipants(threadId),
      remove: useRemoveChatParticipant(threadId),
    }));
    act(() => result.current.add.mutate([{ id: { communicationUserId: eve.userId } }]));
    act(() => result.current.remove.mutate({ communicationUserId: eve.userId }));
    await waitFor(() => expect(result.current.participants.isError).toBe(true));
    await waitFor(() => expect(result.current.add.isError).toBe(true));
    await waitFor(() => expect(result.current.remove.isError).toBe(true));
    for (const error of [
      result.current.participants.error,
      result.current.add.error,
      result.current.remove.error,
    ]) {
      expect(isChatError(error)).toBe(true);
      expect([403, 404]).toContain(error?.statusCode);
    }
  });
});

describe('read receipts', () => {
  it('sends a receipt and lists it', async () => {
    const { ann, bob, threadId } = await conversation(2);
    const h = harness(emu, bob);
    const { result } = renderChatHook(h, () => ({
      messages: useChatMessages(threadId),
      receipts: useReadReceipts(threadId),
      send: useSendReadReceipt(threadId),
    }));
    await waitFor(() => expect(result.current.messages.messages).toHaveLength(4));
    await waitFor(() => expect(result.current.receipts.isSuccess).toBe(true));
    const newest = result.current.messages.messages[0]!;
    await act(() => result.current.send.mutateAsync(newest.id));
    await waitFor(() =>
      expect(result.current.receipts.data).toContainEqual(
        expect.objectContaining({
          chatMessageId: newest.id,
          sender: expect.objectContaining({ communicationUserId: bob.userId }),
        }),
      ),
    );
    // Ann sees it too.
    const anns = renderChatHook(harness(emu, ann), () => useReadReceipts(threadId));
    await waitFor(() =>
      expect(anns.result.current.data?.map((r) => r.chatMessageId)).toContain(newest.id),
    );
  });

  it('surface typed ChatErrors', async () => {
    const { threadId } = await conversation(1);
    const eve = await emu.user();
    const { result } = renderChatHook(harness(emu, eve), () => ({
      receipts: useReadReceipts(threadId),
      send: useSendReadReceipt(threadId),
    }));
    act(() => result.current.send.mutate('1'));
    await waitFor(() => expect(result.current.receipts.isError).toBe(true));
    await waitFor(() => expect(result.current.send.isError).toBe(true));
    expect(isChatError(result.current.receipts.error)).toBe(true);
    expect(isChatError(result.current.send.error)).toBe(true);
  });
});

describe('useTypingNotifier', () => {
  it('sends once per 8 s however often it is called', async () => {
    const { ann, threadId } = await conversation(0);
    const { result } = renderChatHook(harness(emu, ann), () =>
      useTypingNotifier(threadId, { senderDisplayName: 'Ann' }),
    );
    emu.emulator.clearRequests();
    expect(await result.current()).toBe(true);
    expect(await result.current()).toBe(false);
    expect(await result.current()).toBe(false);
    const sent = requestsTo(emu, 'POST', /\/typing$/);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ senderDisplayName: 'Ann' });
  });

  it('reports failures as ChatError to onError and never rejects', async () => {
    const { threadId } = await conversation(0);
    const eve = await emu.user();
    const errors: ChatError[] = [];
    const { result } = renderChatHook(harness(emu, eve), () =>
      useTypingNotifier(threadId, { onError: (e) => errors.push(e) }),
    );
    expect(await result.current()).toBe(false);
    expect(errors).toHaveLength(1);
    expect(isChatError(errors[0])).toBe(true);
    expect([403, 404]).toContain(errors[0]!.statusCode);
  });
});

describe('applyChatEvent', () => {
  it('merges real-time events into the caches with the same de-duplication', async () => {
    const { ann, bob, threadId } = await conversation(1);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      queryClient: useQueryClient(),
      scope: useChatScope(),
      threads: useChatThreads(),
      messages: useChatMessages(threadId),
      participants: useChatParticipants(threadId),
      thread: useChatThread(threadId),
    }));
    await waitFor(() => expect(result.current.messages.messages).toHaveLength(3));
    await waitFor(() => expect(result.current.threads.threads).toHaveLength(1));
    await waitFor(() => expect(result.current.participants.data).toHaveLength(2));
    await waitFor(() => expect(result.current.thread.isSuccess).toBe(true));
    const apply = (event: Parameters<typeof applyChatEvent>[2]) =>
      act(() => applyChatEvent(result.current.queryClient, result.current.scope, event));

    // A message arrives (twice: the event source repeats itself).
    const bobThread = coreClient(bob).getChatThreadClient(threadId);
    const { id } = await bobThread.sendMessage({ content: 'Pushed' });
    const message = await bobThread.getMessage(id);
    apply({ type: 'messageReceived', threadId, message });
    apply({ type: 'messageReceived', threadId, message });
    await waitFor(() => expect(result.current.messages.messages).toHaveLength(4));
    expect(result.current.messages.messages[0]!.id).toBe(id);
    expect(result.current.threads.threads[0]!.lastMessageReceivedOn).toEqual(message.createdOn);

    apply({
      type: 'messageEdited',
      threadId,
      message: { ...message, content: { message: 'Edited' } },
    });
    await waitFor(() =>
      expect(result.current.messages.messages[0]!.content?.message).toBe('Edited'),
    );
    apply({ type: 'messageDeleted', threadId, messageId: id });
    await waitFor(() => expect(result.current.messages.messages).toHaveLength(3));

    apply({ type: 'threadUpdated', threadId, topic: 'Pushed topic' });
    await waitFor(() => expect(result.current.threads.threads[0]!.topic).toBe('Pushed topic'));
    expect(result.current.thread.data?.topic).toBe('Pushed topic');

    const carol = await emu.user();
    apply({
      type: 'participantsAdded',
      threadId,
      participants: [{ id: { communicationUserId: carol.userId } }],
    });
    apply({
      type: 'participantsAdded',
      threadId,
      participants: [{ id: { communicationUserId: carol.userId } }],
    });
    await waitFor(() => expect(result.current.participants.data).toHaveLength(3));
    apply({
      type: 'participantsRemoved',
      threadId,
      participants: [{ communicationUserId: carol.userId }],
    });
    await waitFor(() => expect(result.current.participants.data).toHaveLength(2));

    apply({ type: 'threadCreated', thread: { id: '19:new@thread.v2', topic: 'New' } });
    apply({ type: 'threadCreated', thread: { id: '19:new@thread.v2', topic: 'New' } });
    await waitFor(() =>
      expect(result.current.threads.threads.map((t) => t.topic)).toEqual(['New', 'Pushed topic']),
    );
    apply({ type: 'threadDeleted', threadId: '19:new@thread.v2' });
    await waitFor(() => expect(result.current.threads.threads).toHaveLength(1));
  });
});
