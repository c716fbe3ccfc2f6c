// useChatThreadClient: the core thread client for a thread, stable across renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChatThreadClient } from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { conversation } from './conversation.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('useChatThreadClient', () => {
  it('is the same object across renders', async () => {
    const { ann, threadId } = await conversation(emu);
    const { result, rerender } = renderChatHook(harness(emu, ann), () =>
      useChatThreadClient(threadId),
    );
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    expect(first.threadId).toBe(threadId);
  });
});
