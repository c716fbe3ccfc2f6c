import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChatEmulator } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { call, threadPath, urlFor, type Json } from './helpers.ts';

let emu: TestEmulator;
let ann: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
});
afterAll(() => emu.close());
afterEach(() => {
  emu.emulator.faults.clear();
  emu.emulator.faults.seed(undefined);
});

const listThreads = () => call(emu.url, '/chat/threads', { token: ann.token });
const createThread = () =>
  call(emu.url, '/chat/threads', { token: ann.token, body: { topic: 'F' } });

describe('faults', () => {
  it('adds latency', async () => {
    emu.emulator.faults.add({ latencyMs: 1000, times: 1 });
    const started = performance.now();
    const finished: string[] = [];
    const slow = listThreads().then((res) => {
      finished.push('slow');
      return res;
    });
    // Once the slow request has used the rule up, the next one is not held: it overtakes.
    await vi.waitFor(() => expect(emu.emulator.faults.list()).toEqual([]));
    const quick = await listThreads();
    finished.push('quick');
    expect((await slow).status).toBe(200);
    expect(quick.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(finished).toEqual(['quick', 'slow']);
  });

  it('answers 429 with Retry-After and retry-after-ms, and 503 likewise', async () => {
    emu.emulator.faults.add({ status: 429, retryAfterMs: 1500, times: 1 });
    const throttled = await listThreads();
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatchObject({
      code: 'TooManyRequests',
      message: expect.any(String),
    });
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(throttled.headers.get('retry-after-ms')).toBe('1500');
    expect(throttled.headers.get('x-ms-retry-after-ms')).toBe('1500');
    expect(throttled.headers.get('access-control-expose-headers')).toContain('retry-after-ms');
    emu.emulator.faults.add({ status: 503, times: 1 });
    const unavailable = await listThreads();
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.code).toBe('ServiceUnavailable');
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect((await listThreads()).status).toBe(200);
  });

  it('answers 500 without retry hints and without doing the work', async () => {
    const before = emu.emulator.threadCount();
    emu.emulator.faults.add({ status: 500, times: 1 });
    const res = await createThread();
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('InternalServerError');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(emu.emulator.threadCount()).toBe(before);
  });

  it('applies to the next N matching requests only, matching method and path', async () => {
    const { body } = await createThread();
    const rule = emu.emulator.faults.add({
      method: 'post',
      path: '/chat/threads/*/messages',
      status: 503,
      times: 2,
    });
    expect(rule).toMatchObject({ id: expect.any(String), method: 'POST', times: 2, hits: 0 });
    const messages = threadPath(body.chatThread.id, '/messages');
    expect((await call(emu.url, messages, { token: ann.token })).status).toBe(200); // GET
    expect((await listThreads()).status).toBe(200); // another path
    const send = () => call(emu.url, messages, { token: ann.token, body: { content: 'x' } });
    expect((await send()).status).toBe(503);
    expect(emu.emulator.faults.list()).toEqual([expect.objectContaining({ times: 1, hits: 1 })]);
    expect((await send()).status).toBe(503);
    expect(emu.emulator.faults.list()).toEqual([]);
    expect((await send()).status).toBe(201);
  });

  it('applies at a rate, reproducibly with a seed', async () => {
    const run = async () => {
      emu.emulator.faults.clear();
      emu.emulator.faults.seed(7);
      emu.emulator.faults.add({ status: 429, rate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await listThreads()).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(429);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('drops the connection before commit: a network error, nothing created', async () => {
    const before = emu.emulator.threadCount();
    emu.emulator.faults.add({ drop: 'before-commit', times: 1 });
    const error = await createThread().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(emu.emulator.threadCount()).toBe(before);
    expect((await listThreads()).status).toBe(200); // the server is fine
  });

  it('drops the connection after commit: a network error, but the thread exists', async () => {
    const before = emu.emulator.threadCount();
    emu.emulator.faults.add({ drop: 'after-commit', times: 1 });
    const error = await createThread().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(emu.emulator.threadCount()).toBe(before + 1);
  });

  it('makes the bare Fetch handler reject with a TypeError for a dropped connection', async () => {
    const emulator = createChatEmulator();
    const user = await emulator.createUser();
    emulator.faults.add({ drop: 'after-commit' });
    const request = new Request(urlFor('http://emulator.test', '/chat/threads'), {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'x' }),
    });
    await expect(emulator.handle(request)).rejects.toBeInstanceOf(TypeError);
    expect(emulator.threadCount()).toBe(1);
    expect(emulator.requests).toHaveLength(1);
  });

  it('holds the body back after the headers', async () => {
    emu.emulator.faults.add({ slowBodyMs: 1500, times: 1 });
    const started = performance.now();
    const response = await fetch(urlFor(emu.url, '/chat/threads'), {
      headers: { authorization: `Bearer ${ann.token}` },
    });
    expect(response.status).toBe(200);
    // The headers are here and the body is not: a request made now finishes first.
    const finished: string[] = [];
    const body = response.json().then((value: Json) => {
      finished.push('body');
      return value;
    });
    expect((await listThreads()).status).toBe(200);
    finished.push('other request');
    expect(Array.isArray((await body).value)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1480);
    expect(finished).toEqual(['other request', 'body']);
  });

  it('refuses bad rules', () => {
    expect(() => emu.emulator.faults.add({ status: 404 as 500 })).toThrow(/status/);
    expect(() => emu.emulator.faults.add({ rate: 2 })).toThrow(/rate/);
    expect(() => emu.emulator.faults.add({ status: 500, drop: 'after-commit' })).toThrow(/drop/);
  });
});

describe('admin routes', () => {
  const admin = (path: string, method: string, body?: Json) =>
    call(emu.url, path, { method, body, apiVersion: null });

  it('sets, lists, adds and removes fault rules over HTTP, without auth', async () => {
    emu.emulator.clearRequests();
    const put = await admin('/__emulator/faults', 'PUT', {
      rules: [{ path: '/chat/threads', status: 429, times: 1 }],
      seed: 1,
    });
    expect(put.status).toBe(200);
    expect(put.body.rules).toEqual([
      { id: expect.any(String), path: '/chat/threads', status: 429, times: 1, hits: 0 },
    ]);
    expect((await listThreads()).status).toBe(429);
    const added = await admin('/__emulator/faults', 'POST', { latencyMs: 1 });
    expect(added.status).toBe(201);
    expect((await admin('/__emulator/faults', 'GET')).body.rules).toHaveLength(1);
    expect((await admin(`/__emulator/faults/${added.body.id}`, 'DELETE')).status).toBe(204);
    expect((await admin(`/__emulator/faults/${added.body.id}`, 'DELETE')).status).toBe(404);
    await admin('/__emulator/faults', 'POST', { latencyMs: 1 });
    expect((await admin('/__emulator/faults', 'DELETE')).status).toBe(204);
    expect(emu.emulator.faults.list()).toEqual([]);
    const bad = await admin('/__emulator/faults', 'PUT', { rules: [{ status: 404 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.target).toBe('status');
    // Admin calls are not part of the recorded traffic.
    expect(emu.emulator.requests.map((r) => new URL(r.url).pathname)).toEqual(['/chat/threads']);
  });

  it('refuses rules that could stall the emulator: long paths, long delays, too many rules', async () => {
    const cases: Array<[Json, string]> = [
      [{ path: `/${'a'.repeat(1024)}` }, 'path'],
      [{ latencyMs: 10 * 60 * 1000 + 1 }, 'latencyMs'],
      [{ slowBodyMs: 1e12 }, 'slowBodyMs'],
      [{ status: 503, retryAfterMs: 1e12 }, 'retryAfterMs'],
    ];
    for (const [rule, target] of cases) {
      const res = await admin('/__emulator/faults', 'POST', rule);
      expect({ target, status: res.status }).toEqual({ target, status: 400 });
      expect(res.body.error.target).toBe(target);
    }
    const many = Array.from({ length: 101 }, () => ({ path: '/nowhere' }));
    const replaced = await admin('/__emulator/faults', 'PUT', { rules: many });
    expect(replaced.status).toBe(400);
    expect((await admin('/__emulator/faults', 'PUT', { rules: many.slice(1) })).status).toBe(200);
    const one = await admin('/__emulator/faults', 'POST', { path: '/nowhere' });
    expect(one.status).toBe(400);
    expect(emu.emulator.faults.list()).toHaveLength(100);
  });

  it('bounds what one seed over HTTP may ask for', async () => {
    const before = emu.emulator.threadCount();
    const cases: Array<[Json, string]> = [
      [{ users: 1, threads: 200_000 }, 'threads'],
      [{ users: 101 }, 'users'],
      [{ users: 1, threads: 10_000, messagesPerThread: 11 }, 'messagesPerThread'],
      [{ users: 1, threads: 1, topic: 'x'.repeat(10_000) }, 'topic'],
      [{ threads: 1, participants: Array.from({ length: 251 }, () => ann.userId) }, 'participants'],
    ];
    for (const [body, target] of cases) {
      const res = await admin('/__emulator/seed', 'POST', body);
      expect({ target, status: res.status }).toEqual({ target, status: 400 });
      expect(res.body.error.target).toBe(target);
    }
    expect(emu.emulator.threadCount()).toBe(before);
  });

  it('is not reachable under the chat paths', async () => {
    skipRequestValidation('admin paths under /chat, on purpose');
    const res = await call(emu.url, '/chat/threads/__emulator/faults', { token: ann.token });
    expect(res.status).toBe(404);
    const unauthenticated = await call(emu.url, '/chat/__emulator/faults', { method: 'DELETE' });
    expect(unauthenticated.status).toBe(404);
  });

  it('seeds and resets over HTTP', async () => {
    const scratch = await startEmulator();
    try {
      const seeded = await call(scratch.url, '/__emulator/seed', {
        apiVersion: null,
        body: { users: 2, threads: 3, messagesPerThread: 2, topic: 'Demo' },
      });
      expect(seeded.status).toBe(201);
      expect(seeded.body.users).toHaveLength(2);
      expect(seeded.body.threadIds).toHaveLength(3);
      const token = seeded.body.users[1].token;
      const threads = await call(scratch.url, '/chat/threads', { token });
      expect(threads.body.value.map((t: Json) => t.topic)).toEqual(['Demo 3', 'Demo 2', 'Demo 1']);
      const messages = await call(scratch.url, threadPath(seeded.body.threadIds[0], '/messages'), {
        token,
      });
      expect(messages.body.value.map((m: Json) => m.type)).toEqual([
        'text',
        'text',
        'topicUpdated',
        'participantAdded',
      ]);
      const bad = await call(scratch.url, '/__emulator/seed', {
        apiVersion: null,
        body: { threads: 1 },
      });
      expect(bad.status).toBe(400);
      expect(
        (await call(scratch.url, '/__emulator/reset', { apiVersion: null, method: 'POST' })).status,
      ).toBe(204);
      expect(scratch.emulator.threadCount()).toBe(0);
      expect((await call(scratch.url, '/chat/threads', { token })).status).toBe(401);
    } finally {
      await scratch.close();
    }
  });
});
