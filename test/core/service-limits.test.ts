// The core client against the emulator's `limits: 'service'`, over real HTTP: a throttled call is
// retried after the Retry-After the service gives (not after the client's own back-off) and then
// succeeds, a create retried so sends one idempotency token and makes one thread, and a call still
// throttled when its retries run out is a ChatError with status 429. The emulator's clock stands
// just before a window's end, so the client's real waits are a few milliseconds.
import { describe, expect, it } from 'vitest';
import { isChatError } from '../../src/core/index.ts';
import { serviceLimitsTestbed } from '../support/service-limits-testbed.ts';

interface Attempt {
  method: string;
  path: string;
  status: number;
  retryAfterMs: string | null;
  idempotencyToken: string | null;
}

const bed = serviceLimitsTestbed(({ request, path, response }): Attempt => ({
  method: request.method,
  path,
  status: response.status,
  retryAfterMs: response.headers.get('retry-after-ms'),
  idempotencyToken: request.headers.get('repeatability-request-id'),
}));

const creates = () =>
  bed.exchanges.filter((a) => a.method === 'POST' && a.path === '/chat/threads');

describe("the core client under limits: 'service'", () => {
  it('retries a throttled create after Retry-After, then makes one thread', async () => {
    const client = bed.client(bed.ann);
    for (let i = 1; i <= 10; i++) await client.createChatThread({ topic: `Thread ${i}` });
    // 30 ms before the 10-second window closes, and running on.
    bed.clock.run(bed.start + 10_000 - 30);
    const { chatThread } = await client.createChatThread({ topic: 'Eleventh' });
    expect(chatThread?.topic).toBe('Eleventh');

    const eleventh = creates().slice(10);
    expect(eleventh[0]).toMatchObject({
      status: 429,
      retryAfterMs: expect.stringMatching(/^\d+$/),
    });
    expect(Number(eleventh[0]!.retryAfterMs)).toBeLessThanOrEqual(30);
    expect(eleventh.at(-1)!.status).toBe(201);
    expect(eleventh.slice(0, -1).every((a) => a.status === 429)).toBe(true);
    // One idempotency token for every attempt of the call, and one thread made.
    const tokens = new Set(eleventh.map((a) => a.idempotencyToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^[0-9a-f-]{36}$/);
    bed.clock.set(bed.start + 20_000);
    const topics: string[] = [];
    for await (const thread of client.listChatThreads()) topics.push(thread.topic);
    expect(topics.filter((topic) => topic === 'Eleventh')).toHaveLength(1);
    client.close();
  });

  it('gives a ChatError with status 429 when its retries run out, and sends nothing', async () => {
    const client = bed.client(bed.ann, 2);
    const { chatThread } = await client.createChatThread({ topic: 'Busy' });
    const thread = client.getChatThreadClient(chatThread!.id);
    for (let i = 1; i <= 10; i++) await thread.sendMessage({ content: `Message ${i}` });
    // Frozen 20 ms before the window closes: every attempt is told to wait 20 ms, and is refused.
    bed.clock.set(bed.start + 10_000 - 20);
    const error: unknown = await thread.sendMessage({ content: 'Too many' }).catch((e) => e);
    expect(isChatError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    const sends = bed.exchanges.filter((a) => a.method === 'POST' && a.path.endsWith('/messages'));
    expect(sends.slice(10).map((a) => [a.status, a.retryAfterMs])).toEqual([
      [429, '20'],
      [429, '20'],
      [429, '20'],
    ]);
    // Once the window closes the same call goes through; the refused one left nothing behind.
    bed.clock.set(bed.start + 10_000);
    await thread.sendMessage({ content: 'Later' });
    const texts: string[] = [];
    for await (const message of thread.listMessages()) {
      if (message.type === 'text') texts.push(message.content?.message ?? '');
    }
    expect(texts).toHaveLength(11);
    expect(texts).not.toContain('Too many');
    client.close();
  });
});
