// limits: 'service': the service's published chat throttling, over HTTP on the emulator's clock. A
// request past a figure of the table gets the service's 429 with Retry-After, and the window frees
// when the clock reaches its end; faults come first and draw nothing from the limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { acs, call, threadPath, type CallResult } from './helpers.ts';

let clock = Date.UTC(2026, 0, 1, 9);
let emu: TestEmulator;
let ann: { userId: string; token: string };
let bob: { userId: string; token: string };
let threadId: string;

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock, limits: 'service' });
});
afterAll(() => emu.close());

beforeEach(async () => {
  clock += 3_600_000; // every window of the last test is closed
  emu.emulator.faults.clear();
  ann = await emu.user();
  bob = await emu.user();
  const res = await call(emu.url, '/chat/threads', {
    token: ann.token,
    body: { topic: 'Limits', participants: [{ communicationIdentifier: acs(bob.userId) }] },
  });
  expect(res.status).toBe(201);
  threadId = res.body.chatThread.id;
});

const createThread = (user = ann) =>
  call(emu.url, '/chat/threads', { token: user.token, body: { topic: 'Another' } });
const send = (user = ann, thread = threadId) =>
  call(emu.url, threadPath(thread, '/messages'), { token: user.token, body: { content: 'Hi' } });
const typing = (user = ann) =>
  call(emu.url, threadPath(threadId, '/typing'), { token: user.token, body: {} });

/** Sends `count` requests one after another; their statuses. */
async function statuses(count: number, request: () => Promise<CallResult>) {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await request()).status);
  return seen;
}

function expectThrottled(res: CallResult, retryAfterMs: number) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({
    error: { code: 'TooManyRequests', message: expect.stringMatching(/^Too many requests/) },
  });
  expect(res.headers.get('retry-after')).toBe(String(Math.ceil(retryAfterMs / 1000)));
  expect(res.headers.get('retry-after-ms')).toBe(String(retryAfterMs));
  expect(res.headers.get('x-ms-retry-after-ms')).toBe(String(retryAfterMs));
}

describe("limits: 'service'", () => {
  it('answers 429 to the 11th thread a user creates in 10 seconds, then frees at the window’s end', async () => {
    // The beforeEach made ann's first thread at `clock`: nine more fit in its window.
    clock += 1500;
    expect(await statuses(9, () => createThread())).toEqual(Array(9).fill(201));
    const refused = await createThread();
    expectThrottled(refused, 8500);
    expect(refused.body.error.message).toContain("'Create chat thread' allows 10 per user");
    // Another user has a budget of their own.
    expect((await createThread(bob)).status).toBe(201);
    clock += 8499;
    expectThrottled(await createThread(), 1);
    clock += 1;
    expect((await createThread()).status).toBe(201);
  });

  it('counts messages per chat thread, whoever sends them, and per minute as well', async () => {
    expect(await statuses(5, () => send(ann))).toEqual(Array(5).fill(201));
    expect(await statuses(5, () => send(bob))).toEqual(Array(5).fill(201));
    expectThrottled(await send(bob), 10_000);
    // Another thread has a budget of its own.
    const other = await call(emu.url, '/chat/threads', {
      token: bob.token,
      body: { topic: 'Other' },
    });
    expect((await send(bob, other.body.chatThread.id)).status).toBe(201);
    // Edits and deletes draw on the same row of the table as sends.
    const messages = await call(emu.url, threadPath(threadId, '/messages'), { token: ann.token });
    const messageId = messages.body.value[0].id;
    const edit = await call(emu.url, threadPath(threadId, `/messages/${messageId}`), {
      method: 'PATCH',
      token: ann.token,
      body: { content: 'Edited' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(edit.status).toBe(429);
    // 10 per 10 seconds, and 30 a minute: the refused ones count too ("all requests accrue").
    clock += 10_000;
    expect(await statuses(10, () => send())).toEqual(Array(10).fill(201));
    clock += 10_000;
    // 12 so far in this minute's window (10 sent, 2 refused) plus 10: 8 more fit.
    expect(await statuses(9, () => send())).toEqual([...Array(8).fill(201), 429]);
    clock += 10_000;
    const late = await send();
    expectThrottled(late, 30_000); // the 10-second window is open; the minute's closes in 30 s
    expect(late.body.error.message).toContain('allows 30 per chat thread in a minute');
    clock += 30_000;
    expect((await send()).status).toBe(201);
  });

  it('counts typing notifications per user per thread, and per thread', async () => {
    expect(await statuses(6, () => typing(ann))).toEqual([...Array(5).fill(200), 429]);
    expect(await statuses(4, () => typing(bob))).toEqual([...Array(4).fill(200)]);
    // Ten in the thread (the refused one included): bob is refused by the thread's window.
    const refused = await typing(bob);
    expectThrottled(refused, 10_000);
    expect(refused.body.error.message).toContain('allows 10 per chat thread in 10 seconds');
  });

  it('draws nothing for a request a fault answers, and the fault wins when both apply', async () => {
    emu.emulator.faults.add({ method: 'POST', path: '/chat/threads', status: 503, times: 3 });
    expect(await statuses(3, () => createThread())).toEqual([503, 503, 503]);
    expect(await statuses(9, () => createThread())).toEqual(Array(9).fill(201));
    expect((await createThread()).status).toBe(429);
    emu.emulator.faults.add({ method: 'POST', path: '/chat/threads', status: 500, times: 1 });
    expect((await createThread()).status).toBe(500);
  });

  // Each row's narrowest figure, by the requests its operations send: `limit` requests pass, the
  // next is refused. The operations of a row that names several take turns.
  const merge = { 'content-type': 'application/merge-patch+json' };
  const get = (path: string) => () => call(emu.url, path, { token: ann.token });
  const rows: [string, number, (() => Promise<CallResult>)[]][] = [
    [
      'Delete chat thread',
      10,
      [
        () =>
          call(emu.url, threadPath('19:gone@thread.v2'), { method: 'DELETE', token: ann.token }),
      ],
    ],
    [
      'Update chat thread',
      5,
      [
        () =>
          call(emu.url, threadPath(threadId), {
            method: 'PATCH',
            token: ann.token,
            body: { topic: 'New' },
            headers: merge,
          }),
      ],
    ],
    [
      'Add participants / remove participants',
      10,
      [
        () =>
          call(emu.url, threadPath(threadId, '/participants/:add'), {
            token: ann.token,
            body: { participants: [{ communicationIdentifier: acs(bob.userId) }] },
          }),
        () =>
          call(emu.url, threadPath(threadId, '/participants/:remove'), {
            token: ann.token,
            body: acs(bob.userId),
          }),
      ],
    ],
    [
      'Get chat thread / List chat threads',
      50,
      [() => get(threadPath(threadId))(), () => get('/chat/threads')()],
    ],
    ['List chat messages', 50, [() => get(threadPath(threadId, '/messages'))()]],
    ['Get read receipts', 5, [() => get(threadPath(threadId, '/readReceipts'))()]],
    ['List chat thread participants', 10, [() => get(threadPath(threadId, '/participants'))()]],
  ];

  it.each(rows)('refuses past the figure of %s (%i in 10 seconds)', async (_, limit, requests) => {
    let turn = 0;
    const seen = await statuses(limit + 1, () => requests[turn++ % requests.length]!());
    expect(seen.slice(0, limit).filter((status) => status >= 300)).toEqual([]);
    expect(seen[limit]).toBe(429);
  });

  it('refuses past the figures of Get chat message and Send read receipt (per user per thread)', async () => {
    const sent = await send();
    const messageId = sent.body.id;
    const get = () =>
      call(emu.url, threadPath(threadId, `/messages/${messageId}`), { token: ann.token });
    expect(await statuses(51, get)).toEqual([...Array(50).fill(200), 429]);
    // Bob's budget in the thread is his own.
    expect(
      (await call(emu.url, threadPath(threadId, `/messages/${messageId}`), { token: bob.token }))
        .status,
    ).toBe(200);
    const receipt = () =>
      call(emu.url, threadPath(threadId, '/readReceipts'), {
        token: bob.token,
        body: { chatMessageId: messageId },
      });
    expect(await statuses(11, receipt)).toEqual([...Array(10).fill(200), 429]);
  });

  it('is off by default', async () => {
    const open = await startEmulator({ now: () => clock });
    try {
      const carol = await open.user();
      const create = () =>
        call(open.url, '/chat/threads', { token: carol.token, body: { topic: 'Free' } });
      expect(await statuses(12, create)).toEqual(Array(12).fill(201));
    } finally {
      await open.close();
    }
  });
});
