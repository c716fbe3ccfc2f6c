import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipRequestValidation, startEmulator, type TestEmulator } from '../support/emulator.ts';
import { acs, call, threadPath, type Json } from './helpers.ts';

let emu: TestEmulator;
let ann: { userId: string; token: string };
let bob: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
  bob = await emu.user();
});
afterAll(() => emu.close());

async function createThread(token: string, body: Json = { topic: 'Lunch' }, headers = {}) {
  return call(emu.url, '/chat/threads', { token, body, headers });
}

describe('POST /chat/threads', () => {
  it('creates a thread: 201, Location, the creator and the given participants are in it', async () => {
    const res = await createThread(ann.token, {
      topic: 'Lunch',
      participants: [{ communicationIdentifier: acs(bob.userId), displayName: 'Bob' }],
      metadata: { team: 'blue' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const thread = res.body.chatThread;
    expect(thread).toMatchObject({
      topic: 'Lunch',
      metadata: { team: 'blue' },
      createdByCommunicationIdentifier: {
        rawId: ann.userId,
        kind: 'communicationUser',
        communicationUser: { id: ann.userId },
      },
    });
    expect(thread.id).toMatch(/^19:[\w-]+@thread\.v2$/);
    expect(thread.createdOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.invalidParticipants).toBeUndefined();
    expect(res.headers.get('location')).toBe(
      `${emu.url}/chat/threads/${encodeURIComponent(thread.id).replace('%40', '@')}`,
    );
    for (const user of [ann, bob]) {
      const got = await call(emu.url, threadPath(thread.id), { token: user.token });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(thread);
    }
  });

  it('reports malformed and unknown participants in invalidParticipants, keeping the rest', async () => {
    const unknown = `8:acs:${emu.emulator.resourceId}_${crypto.randomUUID()}`;
    const res = await createThread(ann.token, {
      topic: 'Partial',
      participants: [
        { communicationIdentifier: acs(bob.userId) },
        { communicationIdentifier: acs('8:acs:garbage') },
        {
          communicationIdentifier: {
            rawId: unknown,
            kind: 'communicationUser',
            communicationUser: { id: unknown },
          },
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.invalidParticipants).toEqual([
      { code: 'BadRequest', message: expect.any(String), target: '8:acs:garbage' },
      { code: 'NotFound', message: expect.any(String), target: unknown },
    ]);
    const got = await call(emu.url, threadPath(res.body.chatThread.id), { token: bob.token });
    expect(got.status).toBe(200);
  });

  it('is idempotent per repeatability-request-id and user', async () => {
    const id = crypto.randomUUID();
    const headers = { 'repeatability-request-id': id };
    const first = await createThread(ann.token, { topic: 'Once' }, headers);
    const count = emu.emulator.threadCount();
    const again = await createThread(ann.token, { topic: 'Once' }, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('repeatability-result')).toBe('accepted');
    expect(emu.emulator.threadCount()).toBe(count);
    // Another user's request with the same id is another request.
    const bobs = await createThread(bob.token, { topic: 'Once' }, headers);
    expect(bobs.body.chatThread.id).not.toBe(first.body.chatThread.id);
    // Without the header, every call creates a thread.
    const a = await createThread(ann.token, { topic: 'Twice' });
    const b = await createThread(ann.token, { topic: 'Twice' });
    expect(a.body.chatThread.id).not.toBe(b.body.chatThread.id);
  });

  it('accepts identifiers without kind, by rawId only, and phone and Teams identifiers', async () => {
    skipRequestValidation('an identifier kind the spec does not list, tolerated on purpose');
    const res = await createThread(ann.token, {
      topic: 'Mixed',
      participants: [
        { communicationIdentifier: { communicationUser: { id: bob.userId } } },
        { communicationIdentifier: { rawId: '4:14255550123' } },
        { communicationIdentifier: { microsoftTeamsUser: { userId: 'abc', cloud: 'gcch' } } },
        { communicationIdentifier: { kind: 'someFutureKind', rawId: 'x:future' } },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.invalidParticipants).toBeUndefined();
  });

  it.each([
    ['no topic', { participants: [] }, 'topic'],
    ['an empty topic', { topic: '  ' }, 'topic'],
    ['a topic that is not a string', { topic: 42 }, 'topic'],
    ['a topic that is too long', { topic: 'x'.repeat(513) }, 'topic'],
    ['metadata over 1 KB', { topic: 'T', metadata: { big: 'x'.repeat(1100) } }, 'metadata'],
    ['metadata values that are not strings', { topic: 'T', metadata: { n: 1 } }, 'metadata.n'],
    ['participants that are not an array', { topic: 'T', participants: {} }, 'participants'],
    [
      'a participant without an identifier',
      { topic: 'T', participants: [{ displayName: 'x' }] },
      'participants[0].communicationIdentifier',
    ],
    [
      'an identifier with neither model nor rawId',
      { topic: 'T', participants: [{ communicationIdentifier: { kind: 'communicationUser' } }] },
      'participants[0].communicationIdentifier',
    ],
    [
      'a bad retention policy',
      { topic: 'T', retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 0 } },
      'retentionPolicy.deleteThreadAfterDays',
    ],
  ])('answers 400 for %s', async (_, body, target) => {
    skipRequestValidation('bodies the service refuses, on purpose');
    const res = await createThread(ann.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'BadRequest',
      message: expect.any(String),
      target,
    });
  });

  it('answers 400 for malformed JSON and for a non-object body', async () => {
    skipRequestValidation('malformed bodies, on purpose');
    for (const rawBody of ['{"topic": ', '"topic"', '[]']) {
      const res = await call(emu.url, '/chat/threads', {
        token: ann.token,
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
    }
  });

  it('answers 413 for a body over 1 MiB and 415 for a non-JSON content type', async () => {
    skipRequestValidation('oversize and non-JSON bodies, on purpose');
    const big = await createThread(ann.token, { topic: 'T', pad: 'x'.repeat(1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('RequestEntityTooLarge');
    const text = await call(emu.url, '/chat/threads', {
      token: ann.token,
      rawBody: 'topic=T',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.status).toBe(415);
  });

  it('stores a retention policy', async () => {
    const res = await createThread(ann.token, {
      topic: 'Kept',
      retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 30 },
    });
    expect(res.body.chatThread.retentionPolicy).toEqual({
      kind: 'threadCreationDate',
      deleteThreadAfterDays: 30,
    });
  });
});

describe('GET /chat/threads/{id}', () => {
  it('answers 403 to a non-participant and 404 for a thread that does not exist', async () => {
    const { body } = await createThread(ann.token, { topic: 'Private' });
    const forbidden = await call(emu.url, threadPath(body.chatThread.id), { token: bob.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({ code: 'Forbidden', message: expect.any(String) });
    const missing = await call(emu.url, threadPath('19:doesnotexist@thread.v2'), {
      token: ann.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NotFound');
  });

  it('accepts the thread id unencoded in the path', async () => {
    const { body } = await createThread(ann.token, { topic: 'Raw' });
    const res = await call(emu.url, `/chat/threads/${body.chatThread.id}`, { token: ann.token });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(body.chatThread.id);
  });
});

describe('PATCH /chat/threads/{id}', () => {
  const patch = (token: string, threadId: string, body: Json) =>
    call(emu.url, threadPath(threadId), {
      method: 'PATCH',
      token,
      body,
      headers: { 'content-type': 'application/merge-patch+json' },
    });

  it('updates topic, merges metadata (null removes a key) and sets the retention policy', async () => {
    const created = await createThread(ann.token, {
      topic: 'Old',
      metadata: { keep: '1', drop: '2' },
      participants: [{ communicationIdentifier: acs(bob.userId) }],
    });
    const id = created.body.chatThread.id;
    const res = await patch(bob.token, id, {
      topic: 'New',
      metadata: { drop: null, add: '3' },
      retentionPolicy: { kind: 'none' },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const got = await call(emu.url, threadPath(id), { token: ann.token });
    expect(got.body).toMatchObject({
      topic: 'New',
      metadata: { keep: '1', add: '3' },
      retentionPolicy: { kind: 'none' },
    });
    expect(got.body.metadata.drop).toBeUndefined();
    expect((await patch(ann.token, id, {})).status).toBe(204);
  });

  it('records no change for a repeated identical update (a retried updateTopic)', async () => {
    const { body } = await createThread(ann.token, { topic: 'Before' });
    const id = body.chatThread.id;
    const update = { topic: 'After', metadata: { team: 'red' } };
    expect((await patch(ann.token, id, update)).status).toBe(204);
    const once = await call(emu.url, threadPath(id), { token: ann.token });
    // The retry after a dropped connection: the same PATCH again, and once more with only the topic.
    expect((await patch(ann.token, id, update)).status).toBe(204);
    expect((await patch(ann.token, id, { topic: 'After' })).status).toBe(204);
    const messages = await call(emu.url, threadPath(id, '/messages'), { token: ann.token });
    const topics = messages.body.value
      .filter((m: Json) => m.type === 'topicUpdated')
      .map((m: Json) => m.content.topic);
    expect(topics).toEqual(['After', 'Before']);
    expect((await call(emu.url, threadPath(id), { token: ann.token })).body).toEqual(once.body);
  });

  it('validates before changing anything, and refuses non-participants', async () => {
    skipRequestValidation('fields of the wrong type, on purpose');
    const { body } = await createThread(ann.token, { topic: 'Stable' });
    const id = body.chatThread.id;
    for (const bad of [
      { topic: '' },
      { topic: null },
      { topic: 'Fine', metadata: { big: 'x'.repeat(2000) } },
      { topic: 'Fine', metadata: 'nope' },
    ]) {
      const res = await patch(ann.token, id, bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(res.body.error.target).toMatch(/^(topic|metadata)/);
    }
    expect((await call(emu.url, threadPath(id), { token: ann.token })).body.topic).toBe('Stable');
    expect((await patch(bob.token, id, { topic: 'Hijack' })).status).toBe(403);
  });
});

describe('DELETE /chat/threads/{id}', () => {
  it('deletes: 204, then 404 on get, 204 on a repeat, 403 for a non-participant', async () => {
    const { body } = await createThread(ann.token, { topic: 'Doomed' });
    const id = body.chatThread.id;
    expect(
      (await call(emu.url, threadPath(id), { method: 'DELETE', token: bob.token })).status,
    ).toBe(403);
    const res = await call(emu.url, threadPath(id), { method: 'DELETE', token: ann.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await call(emu.url, threadPath(id), { token: ann.token })).status).toBe(404);
    expect(
      (await call(emu.url, threadPath(id), { method: 'DELETE', token: ann.token })).status,
    ).toBe(204);
    const missing = threadPath('19:neverwas@thread.v2');
    expect((await call(emu.url, missing, { method: 'DELETE', token: ann.token })).status).toBe(204);
  });
});

describe('authentication and api-version', () => {
  it('answers 401 without a token, with a service error body and WWW-Authenticate', async () => {
    skipRequestValidation('no token, on purpose');
    const res = await call(emu.url, '/chat/threads');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'Unauthorized', message: expect.any(String) });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('answers 401 for garbage, a token signed by another emulator, and an expired token', async () => {
    skipRequestValidation('bad tokens, on purpose');
    const other = await startEmulator({ resourceId: emu.emulator.resourceId });
    try {
      const forged = await other.user();
      const expired = await emu.emulator.issueToken(ann.userId, {
        expiresOn: new Date(Date.now() - 1000),
      });
      for (const token of ['garbage', forged.token, expired.token]) {
        const res = await call(emu.url, '/chat/threads', { token });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('Unauthorized');
      }
      const expiredRes = await call(emu.url, '/chat/threads', { token: expired.token });
      expect(expiredRes.body.error.message).toMatch(/expired/);
      const basic = await call(emu.url, '/chat/threads', {
        headers: { authorization: 'Basic abc' },
      });
      expect(basic.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers 403 for a token without the chat scope', async () => {
    const voip = await emu.user({ scopes: ['voip'] });
    const res = await call(emu.url, '/chat/threads', { token: voip.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Forbidden');
  });

  it('answers 400 without api-version or with an unsupported one; older ones omit kind', async () => {
    skipRequestValidation('missing, unsupported and older api-versions, on purpose');
    const missing = await call(emu.url, '/chat/threads', { token: ann.token, apiVersion: null });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'MissingApiVersionParameter',
      target: 'api-version',
    });
    const future = await call(emu.url, '/chat/threads', {
      token: ann.token,
      apiVersion: '2099-01-01',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('UnsupportedApiVersion');
    const old = await call(emu.url, '/chat/threads', {
      token: ann.token,
      apiVersion: '2021-09-07',
      body: { topic: 'Old client' },
    });
    expect(old.status).toBe(201);
    expect(old.body.chatThread.createdByCommunicationIdentifier).toEqual({
      rawId: ann.userId,
      communicationUser: { id: ann.userId },
    });
  });

  it('sends a correlation id and the supported versions on every response', async () => {
    skipRequestValidation('an unauthenticated request, on purpose');
    const res = await call(emu.url, '/chat/threads', {
      token: ann.token,
      headers: { 'x-ms-client-request-id': 'abc-123' },
    });
    expect(res.headers.get('ms-cv')).toMatch(/^[\w-]+\.0$/);
    expect(res.headers.get('x-ms-client-request-id')).toBe('abc-123');
    expect(res.headers.get('api-supported-versions')).toContain('2025-03-15');
    // An error answer too, each with a correlation vector of its own.
    const error = await call(emu.url, '/chat/threads');
    expect(error.status).toBe(401);
    expect(error.headers.get('ms-cv')).toMatch(/^[\w-]+\.0$/);
    expect(error.headers.get('ms-cv')).not.toBe(res.headers.get('ms-cv'));
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    skipRequestValidation('an unknown path and a wrong method, on purpose');
    expect((await call(emu.url, '/chat/nothing', { token: ann.token })).status).toBe(404);
    const wrong = await call(emu.url, '/chat/threads', {
      method: 'PUT',
      token: ann.token,
      body: {},
    });
    expect(wrong.status).toBe(405);
  });

  it('answers 401 for a token whose user is gone after reset', async () => {
    const scratch = await startEmulator();
    try {
      const user = await scratch.user();
      scratch.emulator.reset();
      expect((await call(scratch.url, '/chat/threads', { token: user.token })).status).toBe(401);
    } finally {
      await scratch.close();
    }
  });
});
