// useChatParticipants, useAddChatParticipants and useRemoveChatParticipant: the thread's members,
// with the system messages the service adds for each change.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isChatError,
  useAddChatParticipants,
  useChatMessages,
  useChatParticipants,
  useChatThreads,
  useRemoveChatParticipant,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, openClient, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const rawIds = (participants: { id: object }[] | undefined) =>
  (participants ?? []).map((p) => (p.id as { communicationUserId: string }).communicationUserId);

describe('participants', () => {
  it('lists, adds (reporting invalid ones) and removes participants, with system messages', async () => {
    const { ann, bob, threadId } = await conversation(emu, 0);
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
    expect(bobs.result.current.error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });

  it('shows a new participant only the history shareHistoryTime allows', async () => {
    const { ann, threadId } = await conversation(emu, 3);
    const carol = await emu.user();
    const annThread = openClient(emu, ann).getChatThreadClient(threadId);
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
    const { bob, threadId } = await conversation(emu, 0);
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
    const { threadId } = await conversation(emu, 0);
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
      expect(error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
    }
  });
});
