// Who may see and change what: every operation on a thread, tried by every kind of caller who
// should be refused, answers with the service's status and error body and leaves the store as it
// was. The store is compared through the owner's eyes (properties, messages, participants,
// receipts) before and after each attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { acs, call, threadPath, type CallOptions, type Json } from './helpers.ts';

let emu: TestEmulator;
let owner: { userId: string; token: string };
let threadId: string;
let messageId: string;
const callers: Record<string, { token?: string; headers?: Record<string, string> }> = {};

beforeAll(async () => {
  emu = await startEmulator();
  owner = await emu.user();
  const removed = await emu.user();
  const stranger = await emu.user();
  const created = await call(emu.url, '/chat/threads', {
    token: owner.token,
    body: {
      topic: 'Private',
      participants: [{ communicationIdentifier: acs(removed.userId) }],
    },
  });
  threadId = created.body.chatThread.id;
  const sent = await call(emu.url, `${threadPath(threadId)}/messages`, {
    token: owner.token,
    body: { content: 'secret' },
  });
  messageId = sent.body.id;
  await call(emu.url, `${threadPath(threadId)}/participants/:remove`, {
    token: owner.token,
    body: acs(removed.userId),
  });

  const other = await startEmulator({ resourceId: emu.emulator.resourceId });
  const forgedUser = await other.emulator.issueToken((await other.user()).userId);
  await other.close();
  const expired = await emu.emulator.issueToken(owner.userId, {
    expiresOn: new Date(Date.now() - 60_000),
  });
  // The owner's own token with its payload altered: the signature no longer matches.
  const [header, payload, signature] = owner.token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Json;
  const tampered = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString(
    'base64url',
  );

  callers['no token'] = {};
  callers['a Basic header'] = { headers: { authorization: 'Basic b3duZXI6cGFzcw==' } };
  callers['a token from another issuer'] = { token: forgedUser.token };
  callers['an altered token'] = { token: `${header}.${tampered}.${signature}` };
  callers['an expired token'] = { token: expired.token };
  callers['a non-participant'] = { token: stranger.token };
  callers['a removed participant'] = { token: removed.token };
});
afterAll(() => emu.close());

async function snapshot(): Promise<Json> {
  const path = threadPath(threadId);
  const read = async (suffix: string) =>
    (await call(emu.url, `${path}${suffix}`, { token: owner.token, query: { maxPageSize: 200 } }))
      .body;
  return {
    properties: await read(''),
    messages: await read('/messages'),
    participants: await read('/participants'),
    receipts: await read('/readReceipts'),
    threads: emu.emulator.threadCount(),
  };
}

type Operation = [name: string, method: string, suffix: string, body?: Json];
const operations = (): Operation[] => [
  ['get the thread', 'GET', ''],
  ['change the topic', 'PATCH', '', { topic: 'Hijacked' }],
  ['delete the thread', 'DELETE', ''],
  ['list messages', 'GET', '/messages'],
  ['read a message', 'GET', `/messages/${messageId}`],
  ['send a message', 'POST', '/messages', { content: 'intruder' }],
  ['edit a message', 'PATCH', `/messages/${messageId}`, { content: 'edited' }],
  ['delete a message', 'DELETE', `/messages/${messageId}`],
  ['list participants', 'GET', '/participants'],
  [
    'add a participant',
    'POST',
    '/participants/:add',
    { participants: [{ communicationIdentifier: acs('8:acs:x') }] },
  ],
  ['remove a participant', 'POST', '/participants/:remove', acs(owner.userId)],
  ['list read receipts', 'GET', '/readReceipts'],
  ['send a read receipt', 'POST', '/readReceipts', { chatMessageId: 'placeholder' }],
  ['send typing', 'POST', '/typing', {}],
];

const expected: Record<string, { status: number; code: string }> = {
  'no token': { status: 401, code: 'Unauthorized' },
  'a Basic header': { status: 401, code: 'Unauthorized' },
  'a token from another issuer': { status: 401, code: 'Unauthorized' },
  'an altered token': { status: 401, code: 'Unauthorized' },
  'an expired token': { status: 401, code: 'Unauthorized' },
  'a non-participant': { status: 403, code: 'Forbidden' },
  'a removed participant': { status: 403, code: 'Forbidden' },
};

describe('refusals leave the store unchanged', () => {
  it('refuses every operation to every caller who may not perform it', async () => {
    skipRequestValidation('missing, malformed and foreign tokens, on purpose');
    const before = await snapshot();
    const refusals: string[] = [];
    for (const [who, caller] of Object.entries(callers)) {
      for (const [what, method, suffix, body] of operations()) {
        const payload =
          what === 'send a read receipt' ? { chatMessageId: messageId } : (body as unknown);
        const options: CallOptions = { method, ...caller };
        if (payload !== undefined) options.body = payload;
        const res = await call(emu.url, `${threadPath(threadId)}${suffix}`, options);
        const want = expected[who]!;
        expect({ who, what, status: res.status, code: res.body?.error?.code }).toEqual({
          who,
          what,
          status: want.status,
          code: want.code,
        });
        expect(res.body.error.message).toEqual(expect.any(String));
        refusals.push(`${who}: ${what}`);
      }
    }
    expect(await snapshot()).toEqual(before);
    console.log(
      `${refusals.length} refused attempts (${Object.keys(callers).length} callers x ` +
        `${operations().length} operations), store unchanged`,
    );
    expect(refusals.length).toBeGreaterThanOrEqual(90);
  });

  it('refuses oversize bodies, topics and messages without storing anything', async () => {
    skipRequestValidation('oversize and malformed bodies, on purpose');
    const before = await snapshot();
    const path = threadPath(threadId);
    const cases: [string, string, string, Json, number][] = [
      ['a 2 MiB body', 'POST', '/messages', { content: 'x'.repeat(2 * 1024 * 1024) }, 413],
      ['a 513-character topic', 'PATCH', '', { topic: 'x'.repeat(513) }, 400],
      ['a blank topic', 'PATCH', '', { topic: '   ' }, 400],
      ['a message over 28 KB', 'POST', '/messages', { content: 'x'.repeat(28 * 1024 + 1) }, 400],
      ['an unknown message type', 'POST', '/messages', { content: 'x', type: 'script' }, 400],
    ];
    for (const [what, method, suffix, body, status] of cases) {
      const res = await call(emu.url, `${path}${suffix}`, { method, token: owner.token, body });
      expect({ what, status: res.status }).toEqual({ what, status });
      expect(res.body.error).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
      });
    }
    const created = await call(emu.url, '/chat/threads', {
      token: owner.token,
      body: { topic: 'x'.repeat(513) },
    });
    expect(created.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
