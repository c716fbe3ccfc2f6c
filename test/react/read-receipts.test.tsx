// useReadReceipts and useSendReadReceipt: a receipt sent, and listed for everyone in the thread.
import { act, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isChatError,
  useChatMessages,
  useReadReceipts,
  useSendReadReceipt,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('read receipts', () => {
  it('sends a receipt and lists it', async () => {
    const { ann, bob, threadId } = await conversation(emu, 2);
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
    const { threadId } = await conversation(emu, 1);
    const eve = await emu.user();
    const { result } = renderChatHook(harness(emu, eve), () => ({
      receipts: useReadReceipts(threadId),
      send: useSendReadReceipt(threadId),
    }));
    act(() => result.current.send.mutate('1'));
    await waitFor(() => expect(result.current.receipts.isError).toBe(true));
    await waitFor(() => expect(result.current.send.isError).toBe(true));
    for (const error of [result.current.receipts.error, result.current.send.error]) {
      expect(isChatError(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
    }
  });
});
