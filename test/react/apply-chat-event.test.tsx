// applyChatEvent: a real-time event merged into every cache that holds what it changes.
import { act, waitFor } from '@testing-library/react';
import { useQueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyChatEvent,
  useChatMessages,
  useChatParticipants,
  useChatScope,
  useChatThread,
  useChatThreads,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, openClient, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('applyChatEvent', () => {
  it('merges real-time events into the caches with the same de-duplication', async () => {
    const { ann, bob, threadId } = await conversation(emu, 1);
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
    const bobThread = openClient(emu, bob).getChatThreadClient(threadId);
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
