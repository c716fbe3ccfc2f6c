// useUpdateChatMessage: an edit in the cache, with the service's copy.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatError, useChatMessages, useUpdateChatMessage } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('useUpdateChatMessage', () => {
  it('edits a message in the cache with the server copy', async () => {
    const { ann, threadId } = await conversation(emu, 1);
    const h = harness(emu, ann);
    const { result } = renderChatHook(h, () => ({
      list: useChatMessages(threadId),
      update: useUpdateChatMessage(threadId),
    }));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(3));
    const own = result.current.list.messages.find((m) => m.type === 'text')!;
    await act(() => result.current.update.mutateAsync({ messageId: own.id, content: 'Edited' }));
    await waitFor(() => expect(result.current.list.messages[0]?.content?.message).toBe('Edited'));
    expect(result.current.list.messages[0]!.editedOn).toBeInstanceOf(Date);
  });

  it('surfaces a typed ChatError when editing someone else’s message', async () => {
    const { bob, threadId } = await conversation(emu, 1); // Ann sent message 1
    const h = harness(emu, bob);
    const { result } = renderChatHook(h, () => ({
      list: useChatMessages(threadId),
      update: useUpdateChatMessage(threadId),
    }));
    await waitFor(() => expect(result.current.list.messages).toHaveLength(3));
    const anns = result.current.list.messages.find((m) => m.type === 'text')!;
    act(() => result.current.update.mutate({ messageId: anns.id, content: 'Mine now' }));
    await waitFor(() => expect(result.current.update.isError).toBe(true));
    expect(isChatError(result.current.update.error)).toBe(true);
    expect(result.current.update.error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });
});
