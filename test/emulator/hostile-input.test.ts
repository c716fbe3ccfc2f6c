// Requests a hostile or careless client might send to the chat routes: prototype keys in maps,
// dates that do not exist, absurd paging parameters, ids that try to climb out of their path.
// Each is refused with the service's 400 (or answered harmlessly) and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipRequestValidation, startEmulator, type TestEmulator } from '../support/emulator.ts';
import { acs, call, threadPath, type Json } from './helpers.ts';

let emu: TestEmulator;
let ann: { userId: string; token: string };
let bob: { userId: string; token: string };
let threadId: string;
let messageId: string;

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
  bob = await emu.user();
  const created = await call(emu.url, '/chat/threads', {
    token: ann.token,
    body: { topic: 'Target', metadata: { kept: 'yes' } },
  });
  threadId = created.body.chatThread.id;
  messageId = (
    await call(emu.url, threadPath(threadId, '/messages'), {
      token: ann.token,
      body: { content: 'original', metadata: { kept: 'yes' } },
    })
  ).body.id;
});
afterAll(() => emu.close());

/** What Ann can see of the thread: a change anywhere shows up here. */
async function snapshot(): Promise<Json> {
  const read = async (suffix: string) =>
    (await call(emu.url, threadPath(threadId, suffix), { token: ann.token })).body;
  return {
    thread: await read(''),
    messages: await read('/messages'),
    participants: await read('/participants'),
    threads: emu.emulator.threadCount(),
  };
}

/** A raw JSON body, so that a `__proto__` key is sent as written. */
const send = (method: string, path: string, rawBody: string) =>
  call(emu.url, path, {
    method,
    token: ann.token,
    rawBody,
    headers: {
      'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
    },
  });

describe('prototype keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses a metadata key %s with 400 wherever metadata is accepted',
    async (key) => {
      skipRequestValidation('prototype keys in metadata, on purpose');
      const before = await snapshot();
      const map = `{"${key}":"x","other":"y"}`;
      const participant = `{"communicationIdentifier":{"communicationUser":{"id":"${bob.userId}"}},"metadata":${map}}`;
      const attempts: Array<[string, string, string]> = [
        ['POST', '/chat/threads', `{"topic":"T","metadata":${map}}`],
        ['POST', '/chat/threads', `{"topic":"T","participants":[${participant}]}`],
        ['PATCH', threadPath(threadId), `{"metadata":${map}}`],
        ['POST', threadPath(threadId, '/messages'), `{"content":"c","metadata":${map}}`],
        ['PATCH', threadPath(threadId, `/messages/${messageId}`), `{"metadata":${map}}`],
        ['POST', threadPath(threadId, '/participants/:add'), `{"participants":[${participant}]}`],
      ];
      for (const [method, path, body] of attempts) {
        const res = await send(method, path, body);
        expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({
          method,
          path,
          status: 400,
          code: 'BadRequest',
        });
        expect(res.body.error.target).toMatch(new RegExp(`metadata\\.${key}$`));
      }
      expect(await snapshot()).toEqual(before);
    },
  );

  it('ignores a __proto__ field in a body: nothing else changes, no object is polluted', async () => {
    skipRequestValidation('an unknown __proto__ field, on purpose');
    const res = await send(
      'PATCH',
      threadPath(threadId),
      '{"__proto__":{"topic":"Hijacked","polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    expect(res.status).toBe(204);
    expect((await call(emu.url, threadPath(threadId), { token: ann.token })).body.topic).toBe(
      'Target',
    );
    expect(({} as Json).polluted).toBeUndefined();
  });
});

describe('dates that do not exist', () => {
  const impossible = [
    '13/45/2024 99:99:99 PM +99:99',
    '2/30/2024 1:00:00 AM +00:00',
    '1/1/2024 0:00:00 AM +00:00',
    '1/1/2024 13:00:00 PM +00:00',
    '1/1/2024 1:00:00 AM +00:60',
    '2024-02-30T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00+99:99',
  ];

  it.each(impossible)('answers 400 to startTime %s', async (startTime) => {
    skipRequestValidation('a startTime that is no date, on purpose');
    for (const path of ['/chat/threads', threadPath(threadId, '/messages')]) {
      const res = await call(emu.url, path, { token: ann.token, query: { startTime } });
      expect({ path, status: res.status, target: res.body?.error?.target }).toEqual({
        path,
        status: 400,
        target: 'startTime',
      });
    }
  });

  it('accepts the real ones next to them, in both forms', async () => {
    skipRequestValidation('startTime in the .NET form the service writes into nextLink');
    for (const startTime of [
      '2/29/2024 11:59:59 PM +00:00',
      '12/31/2023 12:00:00 AM -05:30',
      '2024-02-29T23:59:59.999Z',
      '2024-01-01T00:00:00+14:00',
    ]) {
      const res = await call(emu.url, '/chat/threads', { token: ann.token, query: { startTime } });
      expect({ startTime, status: res.status }).toEqual({ startTime, status: 200 });
      expect(res.body.value.map((t: Json) => t.id)).toContain(threadId);
    }
  });

  it('answers 400 to a shareHistoryTime that does not exist, and adds no one', async () => {
    skipRequestValidation('29 February 2023, on purpose');
    const before = await snapshot();
    const res = await call(emu.url, threadPath(threadId, '/participants/:add'), {
      token: ann.token,
      body: {
        participants: [
          { communicationIdentifier: acs(bob.userId), shareHistoryTime: '2023-02-29T00:00:00Z' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.target).toBe('participants[0].shareHistoryTime');
    expect(await snapshot()).toEqual(before);
  });
});

describe('paging parameters', () => {
  it('answers 400 to page sizes and skips that are no 32-bit decimal integer', async () => {
    skipRequestValidation('absurd paging parameters, on purpose');
    const bad: Array<[string, string]> = [
      ['maxPageSize', '1e3'],
      ['maxPageSize', '0x10'],
      ['maxPageSize', ' 5'],
      ['maxPageSize', '5.0'],
      ['maxPageSize', '+5'],
      ['maxPageSize', '99999999999999999999'],
      ['maxPageSize', '2147483648'],
      ['maxPageSize', 'Infinity'],
      ['skip', '1e300'],
      ['skip', '-0'],
      ['skip', '9'.repeat(4000)],
    ];
    for (const [name, value] of bad) {
      const path = threadPath(threadId, name === 'skip' ? '/participants' : '/messages');
      const res = await call(emu.url, path, { token: ann.token, query: { [name]: value } });
      expect({ name, value: value.slice(0, 24), status: res.status }).toEqual({
        name,
        value: value.slice(0, 24),
        status: 400,
      });
      expect(res.body.error.target).toBe(name);
    }
  });

  it('clamps the largest int32 page size to the maximum and skips past the end harmlessly', async () => {
    const big = await call(emu.url, threadPath(threadId, '/messages'), {
      token: ann.token,
      query: { maxPageSize: 2 ** 31 - 1 },
    });
    expect(big.status).toBe(200);
    expect(big.body.nextLink).toBeUndefined();
    const past = await call(emu.url, threadPath(threadId, '/participants'), {
      token: ann.token,
      query: { skip: 2 ** 31 - 1 },
    });
    expect(past.status).toBe(200);
    expect(past.body.value).toEqual([]);
  });
});

describe('ids and paths', () => {
  it('answers 404 to ids that try to leave their path segment, and changes nothing', async () => {
    skipRequestValidation('ids that are no thread or message ids, on purpose');
    const before = await snapshot();
    const encoded = encodeURIComponent(threadId);
    const paths: Array<[string, string]> = [
      // (Deleting a missing thread is a 204 by design, so these read.)
      ['GET', `/chat/threads/${encodeURIComponent(`${threadId}/../x`)}`],
      ['PATCH', `/chat/threads/${encodeURIComponent('..')}`],
      ['DELETE', `/chat/threads/${encoded}/messages/${encodeURIComponent(`../${messageId}`)}`],
      ['DELETE', `/chat/threads/${encoded}/messages/${encodeURIComponent(`${messageId}/..`)}`],
      ['DELETE', `/chat/threads/${encoded}/messages/${messageId}%00`],
      ['GET', `/chat/threads/${encoded}%2Fmessages`],
      ['GET', `/chat/threads/${encoded}/messages/${'9'.repeat(5000)}`],
    ];
    for (const [method, path] of paths) {
      const body = method === 'PATCH' ? { topic: 'Hijacked' } : undefined;
      const res = await call(emu.url, path, { method, token: ann.token, body });
      expect({ path: path.slice(0, 80), status: res.status }).toEqual({
        path: path.slice(0, 80),
        status: 404,
      });
      expect(res.body.error.code).toBe('NotFound');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 to a path that is not valid percent-encoding', async () => {
    skipRequestValidation('a malformed path, on purpose');
    const res = await call(emu.url, `/chat/threads/%E0%A4%A/messages`, { token: ann.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('ignores method-override headers: a POST stays a POST', async () => {
    skipRequestValidation('a method-override header, on purpose');
    const before = await snapshot();
    const res = await call(emu.url, threadPath(threadId), {
      method: 'POST',
      token: ann.token,
      body: {},
      headers: { 'x-http-method-override': 'DELETE', 'x-http-method': 'DELETE' },
    });
    expect(res.status).toBe(405);
    expect(await snapshot()).toEqual(before);
  });
});

describe('bodies', () => {
  it('answers 400 to JSON nested 500,000 levels deep and keeps serving', async () => {
    skipRequestValidation('a pathological body, on purpose');
    const depth = 500_000;
    const deep = `{"content":"x","metadata":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const res = await send('POST', threadPath(threadId, '/messages'), deep);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
    const shallow = await send('POST', '/chat/threads', `${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(shallow.status).toBe(400);
    expect((await call(emu.url, threadPath(threadId), { token: ann.token })).status).toBe(200);
  });

  it('takes the last of duplicate keys, as JSON.parse does, and checks that value', async () => {
    skipRequestValidation('duplicate keys, on purpose');
    const created = await send('POST', '/chat/threads', '{"topic":"First","topic":"Second"}');
    expect(created.status).toBe(201);
    expect(created.body.chatThread.topic).toBe('Second');
    const refused = await send('POST', '/chat/threads', '{"topic":"Fine","topic":""}');
    expect(refused.status).toBe(400);
    expect(refused.body.error.target).toBe('topic');
  });
});
