// useDeleteChatMessage: a message gone at once, and back in its place if the service fails.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  useChatMessages,
  useDeleteChatMessage,
  type ChatMessageItem,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, openClient, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const ids = (messages: ChatMessageItem[]) => messages.map((m) => m.id);

describe('useDeleteChatMessage', () => {
  it('deletes optimistically and restores the message on failure', async () => {
    const { ann, threadId } = await conversation(emu, 3);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      list: useChatMessages(threadId),
      withDeleted: useChatMessages(threadId, { includeDeleted: true }),
      remove: useDeleteChatMessage(threadId),
    }));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(5));
    const before = ids(result.current.list.messages);
    const target = result.current.list.messages.find((m) => m.content?.message === 'Message 3')!;
    emu.emulator.faults.add({
      method: 'DELETE',
      path: '/chat/threads/*/messages/*',
      latencyMs: 200,
      status: 500,
      times: 2,
    });
    act(() => result.current.remove.mutate(target.id));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(4));
    expect(result.current.withDeleted.messages[0]!.deletedOn).toBeInstanceOf(Date);
    await waitFor(() => expect(result.current.remove.isError).toBe(true));
    expect(result.current.remove.error?.statusCode).toBe(500);
    await waitFor(() => expect(ids(result.current.list.messages)).toEqual(before));
    expect(result.current.list.messages[0]!.deletedOn).toBeUndefined();

    act(() => result.current.remove.mutate(target.id));
    await waitFor(() => expect(result.current.remove.isSuccess).toBe(true));
    expect(ids(result.current.list.messages)).not.toContain(target.id);
    const onServer = await openClient(emu, ann).getChatThreadClient(threadId).getMessage(target.id);
    expect(onServer.deletedOn).toBeInstanceOf(Date);
  });
});
