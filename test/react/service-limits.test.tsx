// The hooks against the emulator's `limits: 'service'` over HTTP: a create throttled once succeeds
// after the client waits the service's Retry-After, with the thread shown once; a send still
// throttled when the client's retries run out is an error state and a failed message, which
// `retry` sends once the window is over. The emulator's clock stands just before a window's end.
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  isChatError,
  useChatMessages,
  useChatThreads,
  useCreateChatThread,
  useSendChatMessage,
} from '../../src/react/index.ts';
import { serviceLimitsTestbed } from '../support/service-limits-testbed.ts';
import { harness, newQueryClient, renderChatHook, wrapperFor } from './helpers.tsx';

const bed = serviceLimitsTestbed(({ request, path, response }) => ({
  method: request.method,
  path,
  status: response.status,
}));

describe("the hooks under limits: 'service'", () => {
  it('useCreateChatThread: throttled, retried after Retry-After, the thread shown once', async () => {
    // Its own back-off is a minute: a retry within the test's time came after Retry-After.
    const client = bed.client();
    onTestFinished(() => client.close());
    for (let i = 1; i <= 10; i++) await client.createChatThread({ topic: `Thread ${i}` });
    const { result } = renderHook(
      () => ({ list: useChatThreads({ pageSize: 20 }), create: useCreateChatThread() }),
      { wrapper: wrapperFor(newQueryClient(), client, bed.ann.userId) },
    );
    await waitFor(() => expect(result.current.list.threads).toHaveLength(10));
    // 30 ms before the window of Ann's creates closes, and running on.
    bed.clock.run(bed.start + 10_000 - 30);
    act(() => result.current.create.mutate({ topic: 'Eleventh' }));
    await waitFor(() => expect(result.current.create.isSuccess).toBe(true));
    const creates = bed.exchanges.filter((s) => s.method === 'POST' && s.path === '/chat/threads');
    // Refused, then created: more than one refusal only if a timer fired a millisecond early.
    const eleventh = creates.slice(10).map((s) => s.status);
    expect(eleventh[0]).toBe(429);
    expect(eleventh.at(-1)).toBe(201);
    const topics = result.current.list.threads.map((t) => t.topic);
    expect(topics[0]).toBe('Eleventh');
    expect(topics.filter((topic) => topic === 'Eleventh')).toHaveLength(1);
  });

  it('useSendChatMessage: throttled past its retries, an error and a failed message; retry sends it', async () => {
    const h = harness(bed.emu, bed.ann); // fast retries: one retry
    const { chatThread } = await h.client.createChatThread({ topic: 'Busy' });
    const threadId = chatThread!.id;
    const thread = h.client.getChatThreadClient(threadId);
    for (let i = 1; i <= 10; i++) await thread.sendMessage({ content: `Message ${i}` });
    const { result } = renderChatHook(h, () => ({
      list: useChatMessages(threadId),
      send: useSendChatMessage(threadId),
    }));
    await waitFor(() => expect(result.current.list.messages.length).toBeGreaterThanOrEqual(10));
    const before = result.current.list.messages.length;
    // Frozen 20 ms before the window closes: each attempt is told to wait 20 ms and is refused.
    bed.clock.set(bed.start + 10_000 - 20);
    act(() => result.current.send.mutate({ content: 'Too many' }));
    await waitFor(() => expect(result.current.send.isError).toBe(true));
    const error = result.current.send.error;
    expect(isChatError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    const failed = result.current.list.messages[0]!;
    expect(failed).toMatchObject({ status: 'failed', content: { message: 'Too many' } });
    const sends = bed.exchanges.filter((s) => s.method === 'POST' && s.path.endsWith('/messages'));
    expect(sends.slice(10).map((s) => s.status)).toEqual([429, 429]);

    bed.clock.set(bed.start + 10_000);
    act(() => result.current.send.retry(failed));
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true));
    expect(result.current.list.messages).toHaveLength(before + 1);
    expect(result.current.list.messages[0]).toMatchObject({ content: { message: 'Too many' } });
    expect(result.current.list.messages[0]!.status).toBeUndefined();
  });
});
