// What the client promises under faults, proven against the emulator over real HTTP: creates are
// never duplicated, an expired token is refreshed once however many requests need it, and a 401
// that survives a refresh is an answer, not a loop. Each test prints its figures for the notes.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  ChatValidationError,
  CommunicationTokenCredential,
  isChatError,
} from '../../src/core/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { fakeJwt } from '../support/jwt.ts';

let emu: TestEmulator;
const fast = { retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 4 } };

beforeAll(async () => {
  emu = await startEmulator();
});
afterEach(() => {
  emu.emulator.faults.clear();
  emu.emulator.faults.seed(undefined);
});
afterAll(() => emu.close());

async function allTopics(client: ChatClient): Promise<string[]> {
  const topics: string[] = [];
  for await (const thread of client.listChatThreads({ maxPageSize: 200 }))
    topics.push(thread.topic);
  return topics;
}

describe('creates under faults', () => {
  it('never duplicates a thread: 500 creates at a 30 % fault rate, drops after commit included', async () => {
    const ann = await emu.user();
    const client = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token), fast);
    const create = { method: 'POST', path: '/chat/threads' };
    // The first matching rule applies, so each rate is of what the rules before it let through:
    // together about 30 % of attempts fail, a third of those after the thread was stored.
    emu.emulator.faults.seed(7);
    const rules = emu.emulator.faults.set([
      { ...create, rate: 0.1, drop: 'after-commit' },
      { ...create, rate: 0.06, drop: 'before-commit' },
      { ...create, rate: 0.06, status: 503, retryAfterMs: 1 },
      { ...create, rate: 0.06, status: 429, retryAfterMs: 1 },
      { ...create, rate: 0.06, status: 500 },
    ]);
    emu.emulator.clearRequests();

    const count = 500;
    const outcomes: { topic: string; id?: string; error?: unknown }[] = [];
    // Ten at a time: concurrency without making the run one long queue.
    for (let start = 0; start < count; start += 10) {
      const batch = Array.from({ length: Math.min(10, count - start) }, async (_, offset) => {
        const topic = `create-${start + offset}`;
        try {
          const { chatThread } = await client.createChatThread(
            { topic },
            { idempotencyToken: randomUUID() },
          );
          outcomes.push({ topic, id: chatThread?.id });
        } catch (error) {
          outcomes.push({ topic, error });
        }
      });
      await Promise.all(batch);
    }
    const attempts = emu.emulator.requests.filter((r) => r.method === 'POST').length;
    const injected = emu.emulator.faults.list().reduce((sum, rule) => sum + rule.hits, 0);
    const hitsByRule = emu.emulator.faults.list().map((rule) => rule.hits);
    emu.emulator.faults.clear();

    const succeeded = outcomes.filter((o) => o.id !== undefined);
    const failed = outcomes.filter((o) => o.error !== undefined);
    expect(succeeded.length + failed.length).toBe(count);
    // Every failure is typed: a ChatError with a code, never a bare TypeError.
    for (const { error } of failed) expect(isChatError(error)).toBe(true);

    const topics = await allTopics(client);
    const perTopic = new Map<string, number>();
    for (const topic of topics) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
    const duplicates = [...perTopic.values()].filter((n) => n > 1).length;
    expect(duplicates).toBe(0);
    // Every success is stored, and stored once; a failed create may have committed (after-commit
    // drop on its last attempt) but then it too exists exactly once.
    for (const { topic } of succeeded) expect(perTopic.get(topic)).toBe(1);
    expect(topics.length).toBeGreaterThanOrEqual(succeeded.length);
    expect(topics.length).toBeLessThanOrEqual(count);

    console.log(
      `creates: ${count}, attempts: ${attempts}, faults injected: ${injected} ` +
        `(${(100 * (injected / attempts)).toFixed(1)} % of attempts; by rule ${hitsByRule.join('/')} ` +
        `for drop-after/drop-before/503/429/500), succeeded: ${succeeded.length}, ` +
        `failed with ChatError: ${failed.length}, threads stored: ${topics.length}, duplicates: ${duplicates}`,
    );
    expect(rules).toHaveLength(5);
    expect(injected / attempts).toBeGreaterThan(0.2);
  }, 60_000);

  it('does not retry a non-idempotent send after its connection dropped', async () => {
    const ann = await emu.user();
    const client = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token), fast);
    const { chatThread } = await client.createChatThread({ topic: 'send once' });
    const thread = client.getChatThreadClient(chatThread!.id);
    emu.emulator.faults.add({
      method: 'POST',
      path: '/chat/threads/*/messages',
      drop: 'after-commit',
      times: 1,
    });
    emu.emulator.clearRequests();
    const error = await thread.sendMessage({ content: 'hello' }).catch((e: unknown) => e);
    expect(isChatError(error)).toBe(true);
    expect(emu.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const texts: string[] = [];
    for await (const message of thread.listMessages())
      if (message.type === 'text') texts.push(message.content?.message ?? '');
    expect(texts).toEqual(['hello']);

    // Throttling means the service did nothing, so even a send is repeated after a 429.
    emu.emulator.faults.add({
      method: 'POST',
      path: '/chat/threads/*/messages',
      status: 429,
      retryAfterMs: 1,
      times: 1,
    });
    emu.emulator.clearRequests();
    await thread.sendMessage({ content: 'again' });
    expect(emu.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('repeats an idempotent request whose attempt timed out', async () => {
    const ann = await emu.user();
    const client = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token), {
      ...fast,
      timeout: 150,
    });
    emu.emulator.faults.add({ method: 'GET', path: '/chat/threads', latencyMs: 600, times: 1 });
    emu.emulator.clearRequests();
    const page = await client.listChatThreads().byPage().next();
    expect(page.done).toBe(false);
    expect(emu.emulator.requests).toHaveLength(2);
  });

  it('bounds a whole call, retries included, by totalTimeout', async () => {
    const ann = await emu.user();
    const client = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token), {
      retryOptions: { maxRetries: 10 },
      totalTimeout: 300,
    });
    emu.emulator.faults.add({ method: 'GET', status: 503, retryAfterMs: 200 });
    emu.emulator.clearRequests();
    const error = await client
      .listChatThreads()
      .byPage()
      .next()
      .catch((e: unknown) => e);
    expect(isChatError(error) && error.code).toBe('Timeout');
    // 300 ms allow two attempts 200 ms apart, not the eleven the retry budget would.
    expect(emu.emulator.requests.length).toBeGreaterThan(0);
    expect(emu.emulator.requests.length).toBeLessThanOrEqual(2);
  });
});

describe('tokens', () => {
  it('refreshes an expired token once for 50 concurrent requests, and all succeed', async () => {
    const ann = await emu.user();
    let refreshes = 0;
    // Signed by the emulator: were it sent, the emulator would refuse it as expired.
    const expired = await emu.emulator.issueToken(ann.userId, { expiresInSeconds: -60 });
    const credential = new CommunicationTokenCredential({
      token: expired.token,
      tokenRefresher: async () => {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return ann.token;
      },
    });
    const client = new ChatClient(emu.url, credential, fast);
    const { chatThread } = await client.createChatThread({ topic: 'fifty' });
    const thread = client.getChatThreadClient(chatThread!.id);
    expect(refreshes).toBe(1);

    // The same through the server's refusal: a token the client believes valid but the service
    // rejects (signed by someone else). 50 requests get 401; one refresh serves them all.
    const rejected = new CommunicationTokenCredential({
      token: fakeJwt(3600),
      tokenRefresher: async () => {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return ann.token;
      },
    });
    const client2 = new ChatClient(emu.url, rejected, fast);
    const thread2 = client2.getChatThreadClient(thread.threadId);
    refreshes = 0;
    emu.emulator.clearRequests();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => thread2.getProperties()),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    expect(refreshes).toBe(1);
    const unauthorized = emu.emulator.requests.length - 50;
    console.log(
      `50 concurrent requests, rejected token: ${refreshes} refresh, ${unauthorized} 401s, 50 ok`,
    );
    expect(unauthorized).toBe(50);
  });

  it('surfaces a 401 that survives one refresh as a ChatError, after exactly two attempts', async () => {
    let refreshes = 0;
    const credential = new CommunicationTokenCredential({
      token: fakeJwt(3600),
      tokenRefresher: async () => {
        refreshes += 1;
        return fakeJwt(3600, { n: refreshes });
      },
    });
    const client = new ChatClient(emu.url, credential, fast);
    emu.emulator.clearRequests();
    const before = emu.emulator.threadCount();
    const error = await client.createChatThread({ topic: 'never' }).catch((e: unknown) => e);
    expect(isChatError(error) && error.statusCode).toBe(401);
    expect(refreshes).toBe(1);
    expect(emu.emulator.requests).toHaveLength(2);
    expect(emu.emulator.threadCount()).toBe(before);
  });

  it('sends nothing when the refresher fails, and says so', async () => {
    const ann = await emu.user();
    const expired = await emu.emulator.issueToken(ann.userId, { expiresInSeconds: -60 });
    const credential = new CommunicationTokenCredential({
      token: expired.token,
      tokenRefresher: async () => {
        throw new Error('token endpoint down');
      },
    });
    const client = new ChatClient(emu.url, credential, fast);
    emu.emulator.clearRequests();
    const error = await client.deleteChatThread('19:x@thread.v2').catch((e: unknown) => e);
    expect(isChatError(error)).toBe(true);
    expect(error instanceof ChatValidationError).toBe(false);
    expect(String((error as Error).message)).toMatch(/token/i);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
