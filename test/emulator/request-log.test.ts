// The request log stays bounded whatever arrives: a ring of the latest records, bodies cut to a
// budget, and nothing but method and URL kept for a request refused for want of credentials.
// Measured by what the log holds (records, stored bytes), not by the heap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatEmulator, type EmulatorRequestRecord } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { call, threadPath, urlFor } from './helpers.ts';

const storedBytes = (records: readonly EmulatorRequestRecord[]) =>
  records.reduce(
    (sum, r) =>
      Object.entries(r.headers).reduce(
        (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value),
        sum + Buffer.byteLength(r.body),
      ),
    0,
  );

let emu: TestEmulator;
let ann: { userId: string; token: string };
let threadId: string;

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
  threadId = (await call(emu.url, '/chat/threads', { token: ann.token, body: { topic: 'Log' } }))
    .body.chatThread.id;
});
afterAll(() => emu.close());

describe('the request log', () => {
  it('keeps nothing of tokenless 1 MiB posts but their method and URL', async () => {
    skipRequestValidation('tokenless text/plain posts, on purpose');
    emu.emulator.clearRequests();
    const mebibyte = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 30; i++) {
      const res = await call(emu.url, threadPath(threadId, '/messages'), {
        rawBody: mebibyte,
        headers: { 'content-type': 'text/plain', 'x-attempt': String(i) },
      });
      expect(res.status).toBe(401);
    }
    const records = emu.emulator.requests;
    expect(records).toHaveLength(30);
    expect(records[0]).toEqual({
      method: 'POST',
      url: urlFor(emu.url, threadPath(threadId, '/messages')),
      headers: {},
      body: '',
      refused: true,
    });
    expect(storedBytes(records)).toBe(0);
  });

  it('keeps what an authenticated request sent, its body cut to 8 KiB', async () => {
    emu.emulator.clearRequests();
    const content = 'é'.repeat(10 * 1024); // 20 KiB of UTF-8, within the 28 KB limit
    const sent = await call(emu.url, threadPath(threadId, '/messages'), {
      token: ann.token,
      body: { content },
    });
    expect(sent.status).toBe(201);
    const [record] = emu.emulator.requests;
    expect(record!.headers.authorization).toBe(`Bearer ${ann.token}`);
    expect(record!.truncated).toBe(true);
    expect(Buffer.byteLength(record!.body)).toBeLessThanOrEqual(8 * 1024);
    expect(Buffer.byteLength(record!.body)).toBeGreaterThan(8 * 1024 - 2);
    expect(JSON.stringify({ content }).startsWith(record!.body)).toBe(true);
    const small = await call(emu.url, threadPath(threadId, '/messages'), {
      token: ann.token,
      body: { content: 'small' },
    });
    expect(small.status).toBe(201);
    expect(emu.emulator.requests[1]).toMatchObject({ body: '{"content":"small"}' });
    expect(emu.emulator.requests[1]!.truncated).toBeUndefined();
  });

  it('keeps the latest 1000 records by default, oldest dropped first', async () => {
    skipRequestValidation('tokenless requests, the quickest to make');
    const emulator = createChatEmulator();
    const request = (i: number) =>
      emulator.handle(new Request(urlFor('http://chat.test', '/chat/threads', { query: { i } })));
    for (let i = 0; i < 1050; i++) expect((await request(i)).status).toBe(401);
    const records = emulator.requests;
    expect(records).toHaveLength(1000);
    expect(new URL(records[0]!.url).searchParams.get('i')).toBe('50');
    expect(new URL(records[999]!.url).searchParams.get('i')).toBe('1049');
  });

  it('takes its bounds from requestLog', async () => {
    const emulator = createChatEmulator({ requestLog: { limit: 3, bodyBytes: 4 } });
    const user = await emulator.createUser();
    for (const topic of ['one', 'two', 'three', 'four', 'five']) {
      const res = await emulator.handle(
        new Request(urlFor('http://chat.test', '/chat/threads'), {
          method: 'POST',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ topic }),
        }),
      );
      expect(res.status).toBe(201);
    }
    expect(emulator.requests.map((r) => r.body)).toEqual(['{"to', '{"to', '{"to']);
    expect(emulator.threadCount()).toBe(5);
    const off = createChatEmulator({ requestLog: { limit: 0 } });
    const { token } = await off.createUser();
    const listed = await off.handle(
      new Request(urlFor('http://chat.test', '/chat/threads'), {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(listed.status).toBe(200);
    expect(off.requests).toEqual([]);
  });
});
