// useTypingNotifier: a typing notification at most once per 8 s, failures reported, never thrown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatError, useTypingNotifier, type ChatError } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, renderChatHook, requestsTo } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('useTypingNotifier', () => {
  it('sends once per 8 s however often it is called', async () => {
    const { ann, threadId } = await conversation(emu, 0);
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
    const { threadId } = await conversation(emu, 0);
    const eve = await emu.user();
    const errors: ChatError[] = [];
    const { result } = renderChatHook(harness(emu, eve), () =>
      useTypingNotifier(threadId, { onError: (e) => errors.push(e) }),
    );
    expect(await result.current()).toBe(false);
    expect(errors).toHaveLength(1);
    expect(isChatError(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });
});
