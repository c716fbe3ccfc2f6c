import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { acs, call, threadPath, type Json } from './helpers.ts';

// A clock the tests move, so activity times (and the order of threads) are exact.
let clock = Date.parse('2025-01-01T10:00:00Z');
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock });
});
afterAll(() => emu.close());

async function createThreads(token: string, count: number, topic = 'T'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    clock += 1000;
    const res = await call(emu.url, '/chat/threads', { token, body: { topic: `${topic}${i}` } });
    ids.push(res.body.chatThread.id);
  }
  return ids;
}

async function listAll(token: string, query: Record<string, string | number>) {
  const pages: Json[][] = [];
  const links: string[] = [];
  let res = await call(emu.url, '/chat/threads', { token, query });
  for (;;) {
    expect(res.status).toBe(200);
    pages.push(res.body.value);
    if (res.body.nextLink === undefined) break;
    links.push(res.body.nextLink);
    res = await call(emu.url, res.body.nextLink, { token }); // followed as given
  }
  return { pages, links };
}

describe('GET /chat/threads', () => {
  it('lists only the caller’s threads, newest activity first, paged through nextLink', async () => {
    const ann = await emu.user();
    const other = await emu.user();
    await createThreads(other.token, 2, 'theirs');
    const ids = await createThreads(ann.token, 7);
    const { pages, links } = await listAll(ann.token, { maxPageSize: 3 });
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((t) => t.id)).toEqual([...ids].reverse());
    expect(pages[0]![0]).toEqual({
      id: ids[6],
      topic: 'T6',
      lastMessageReceivedOn: new Date(clock).toISOString().replace('.000Z', 'Z'),
    });
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(emu.url);
      expect(url.pathname).toBe('/chat/threads');
      expect(url.searchParams.get('syncState')).toMatch(/^[0-9a-f]+$/);
      expect(url.searchParams.get('maxPageSize')).toBe('3');
      expect(url.searchParams.get('api-version')).toBe('2025-03-15');
      // The service writes startTime in .NET's invariant form.
      expect(url.searchParams.get('startTime')).toBe('1/1/1970 12:00:00 AM +00:00');
    }
  });

  it('uses the default page size, clamps large ones and refuses bad ones', async () => {
    skipRequestValidation('bad maxPageSize values and a forged syncState, on purpose');
    const ann = await emu.user();
    await createThreads(ann.token, 22);
    const first = await call(emu.url, '/chat/threads', { token: ann.token });
    expect(first.body.value).toHaveLength(20);
    expect(first.body.nextLink).toBeDefined();
    const clamped = await call(emu.url, '/chat/threads', {
      token: ann.token,
      query: { maxPageSize: 5000 },
    });
    expect(clamped.body.value).toHaveLength(22);
    expect(clamped.body.nextLink).toBeUndefined();
    for (const maxPageSize of ['0', '-1', '2.5', 'ten']) {
      const res = await call(emu.url, '/chat/threads', {
        token: ann.token,
        query: { maxPageSize },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.target).toBe('maxPageSize');
    }
    const tampered = await call(emu.url, '/chat/threads', {
      token: ann.token,
      query: { syncState: 'zz' },
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.target).toBe('syncState');
  });

  it('filters by startTime (activity at or after it), across pages', async () => {
    skipRequestValidation('a startTime that is not a date, on purpose');
    const ann = await emu.user();
    await createThreads(ann.token, 3, 'old');
    const since = new Date(clock + 1000).toISOString();
    const recent = await createThreads(ann.token, 3, 'new');
    const { pages, links } = await listAll(ann.token, { startTime: since, maxPageSize: 2 });
    expect(pages.flat().map((t) => t.id)).toEqual([...recent].reverse());
    expect(new URL(links[0]!).searchParams.get('startTime')).toMatch(
      /^1\/1\/2025 \d+:\d\d:\d\d (AM|PM) \+00:00$/,
    );
    const bad = await call(emu.url, '/chat/threads', {
      token: ann.token,
      query: { startTime: 'yesterday' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.target).toBe('startTime');
  });

  it('keeps deleted threads in the list with deletedOn, as the service does', async () => {
    const ann = await emu.user();
    const [id] = await createThreads(ann.token, 1);
    clock += 1000;
    await call(emu.url, threadPath(id!), { method: 'DELETE', token: ann.token });
    const res = await call(emu.url, '/chat/threads', { token: ann.token });
    expect(res.body.value).toEqual([
      expect.objectContaining({
        id,
        deletedOn: new Date(clock).toISOString().replace('.000Z', 'Z'),
      }),
    ]);
  });

  it('moves a thread to the top when a message arrives or someone is added', async () => {
    const ann = await emu.user();
    const bob = await emu.user();
    const [a, b, c] = await createThreads(ann.token, 3);
    clock += 1000;
    await call(emu.url, threadPath(a!, '/messages'), { token: ann.token, body: { content: 'hi' } });
    let res = await call(emu.url, '/chat/threads', { token: ann.token });
    expect(res.body.value.map((t: Json) => t.id)).toEqual([a, c, b]);
    expect(res.body.value[0].lastMessageReceivedOn).toBe(
      new Date(clock).toISOString().replace('.000Z', 'Z'),
    );
    clock += 1000;
    await call(emu.url, threadPath(b!, '/participants/:add'), {
      token: ann.token,
      body: { participants: [{ communicationIdentifier: acs(bob.userId) }] },
    });
    res = await call(emu.url, '/chat/threads', { token: ann.token });
    expect(res.body.value.map((t: Json) => t.id)).toEqual([b, a, c]);
    res = await call(emu.url, '/chat/threads', { token: bob.token });
    expect(res.body.value.map((t: Json) => t.id)).toEqual([b]);
  });

  it('serves one page of 100,000 threads touching a bounded number of records', async () => {
    const big = await startEmulator();
    try {
      const started = performance.now();
      const { users } = await big.emulator.seed({ users: 1, threads: 100_000 });
      const seedMs = performance.now() - started;
      expect(big.emulator.threadCount()).toBe(100_000);
      const token = users[0]!.token;

      const before = big.emulator.recordsVisited;
      const first = await call(big.url, '/chat/threads', { token, query: { maxPageSize: 50 } });
      expect(first.body.value).toHaveLength(50);
      expect(first.body.value[0].topic).toBe('Thread 100000');
      expect(big.emulator.recordsVisited - before).toBeLessThanOrEqual(51);

      // A deep page, reached by following links, costs the same.
      let res = first;
      for (let i = 0; i < 5; i++) res = await call(big.url, res.body.nextLink, { token });
      const mid = big.emulator.recordsVisited;
      res = await call(big.url, res.body.nextLink, { token });
      expect(res.body.value[0].topic).toBe(`Thread ${100_000 - 6 * 50}`);
      expect(big.emulator.recordsVisited - mid).toBeLessThanOrEqual(51);
      console.info(`seeded 100,000 threads in ${Math.round(seedMs)} ms`);
    } finally {
      await big.close();
    }
    // Seeding 100,000 threads is CPU-bound: room for a machine that runs every project at once.
  }, 60_000);
});
