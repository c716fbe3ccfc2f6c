// What the client makes of responses the service should not send but might: legacy error shapes,
// malformed bodies, a nextLink to another origin. Served over real HTTP by a scripted server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  isChatError,
  type ChatError,
} from '../../src/core/index.ts';
import { startCannedServer, type CannedServer } from '../support/canned-server.ts';
import { fakeJwt } from '../support/jwt.ts';

let server: CannedServer;
let elsewhere: CannedServer;
let client: ChatClient;

beforeAll(async () => {
  server = await startCannedServer();
  // 127.0.0.2 is another origin on the same loopback interface.
  elsewhere = await startCannedServer('127.0.0.2');
  client = new ChatClient(server.url, new CommunicationTokenCredential(fakeJwt(3600)), {
    retryOptions: { maxRetries: 0 },
  });
});
afterEach(() => {
  server.requests.length = 0;
  elsewhere.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

async function failure(call: () => Promise<unknown>): Promise<ChatError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isChatError(error)) throw new Error(`expected a ChatError, got ${String(error)}`);
  return error;
}

const getProperties = () => client.getChatThreadClient('19:t@thread.v2').getProperties();

describe('error bodies', () => {
  it.each([
    ['current', { error: { code: 'Forbidden', message: 'Not a participant', target: 'thread' } }],
    ['legacy flat', { Code: 'Forbidden', Message: 'Not a participant', Target: 'thread' }],
    [
      'legacy wrapped',
      { CommunicationError: { Code: 'Forbidden', Message: 'Not a participant', target: 'thread' } },
    ],
    [
      'lower-case wrapper',
      { error: { CODE: 'Forbidden', message: 'Not a participant', TARGET: 'thread' } },
    ],
  ])('parses the %s shape', async (_shape, body) => {
    server.respond({ status: 403, body, headers: { 'ms-cv': 'abc.1' } });
    const error = await failure(getProperties);
    expect(error).toMatchObject({
      statusCode: 403,
      code: 'Forbidden',
      target: 'thread',
      requestId: 'abc.1',
    });
    expect(error.message).toContain('Not a participant');
  });

  it('reads as one sentence when the service ends its message with a period', async () => {
    server.respond({ status: 500, body: { error: { code: 'InternalError', message: 'Boom.' } } });
    const error = await failure(getProperties);
    expect(error.message).toBe('getProperties failed with 500 InternalError: Boom.');
  });

  it('keeps details and inner errors', async () => {
    server.respond({
      status: 400,
      body: {
        error: {
          code: 'BadRequest',
          message: 'Invalid',
          details: [{ code: 'InvalidTopic', message: 'Too long', target: 'topic' }],
          innererror: { code: 'TopicLength', message: '> 250' },
        },
      },
    });
    const error = await failure(getProperties);
    expect(error.details).toEqual([{ code: 'InvalidTopic', message: 'Too long', target: 'topic' }]);
    expect(error.innerError).toMatchObject({ code: 'TopicLength' });
  });

  it('names the status when the error body is not JSON', async () => {
    server.respond({
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const error = await failure(getProperties);
    expect(error).toMatchObject({ statusCode: 502, code: 'BadGateway' });
  });

  it.each([
    ['innererror', (inner: string) => `{"code":"Deep","message":"m","innererror":${inner}}`],
    ['details', (inner: string) => `{"code":"Deep","message":"m","details":[${inner}]}`],
  ])('reads an error body nested 8,000 levels deep in %s', async (_key, wrap) => {
    let nested = '{"code":"Bottom","message":"b"}';
    for (let i = 0; i < 8000; i++) nested = wrap(nested);
    for (const status of [400, 200]) {
      server.respond({ status, body: `{"error":${nested}}` });
      const error = await failure(getProperties);
      expect(error).toMatchObject({ statusCode: status, code: 'Deep' });
    }
  });

  it('treats a 200 that carries an error body as an error', async () => {
    server.respond({ status: 200, body: { error: { code: 'InternalError', message: 'Oops' } } });
    const error = await failure(getProperties);
    expect(error).toMatchObject({ code: 'InternalError', statusCode: 200 });
  });
});

describe('malformed success bodies', () => {
  it.each([
    ['not JSON', '{"id": "19:t@thread.v2", "topic": '],
    ['an array', '[]'],
    [
      'missing id',
      {
        topic: 'x',
        createdOn: '2024-01-01T00:00:00Z',
        createdByCommunicationIdentifier: { rawId: 'x' },
      },
    ],
    ['topic not a string', { id: '19:t@thread.v2', topic: 5, createdOn: '2024-01-01T00:00:00Z' }],
    ['createdOn not a date', { id: '19:t@thread.v2', topic: 'x', createdOn: 'yesterday' }],
    [
      'metadata value not a string',
      { id: '19:t@thread.v2', topic: 'x', createdOn: '2024-01-01T00:00:00Z', metadata: { a: 1 } },
    ],
  ])('rejects %s with InvalidResponse', async (_case, body) => {
    server.respond({ status: 200, body });
    const error = await failure(getProperties);
    expect(error.code).toBe('InvalidResponse');
    expect(error.message).toMatch(/getProperties/);
  });

  it.each([
    ['an identifier without its id', { communicationUser: {} }],
    ['an identifier whose id is a number', { rawId: '8:acs:x', communicationUser: { id: 42 } }],
    ['a phone number without its value', { phoneNumber: {} }],
    [
      'a Teams user whose isAnonymous is a string',
      { microsoftTeamsUser: { userId: 'u', isAnonymous: 'no' } },
    ],
    ['an identifier that names no one', {}],
    ['an identifier whose rawId is a number', { rawId: 5 }],
    ['an identifier model that is a string', { communicationUser: '8:acs:x' }],
  ])('rejects %s with InvalidResponse', async (_case, createdByCommunicationIdentifier) => {
    server.respond({
      status: 200,
      body: {
        id: '19:t@thread.v2',
        topic: 'x',
        createdOn: '2024-01-01T00:00:00Z',
        createdByCommunicationIdentifier,
      },
    });
    const error = await failure(getProperties);
    expect(error.code).toBe('InvalidResponse');
    expect(error.message).toContain('createdByCommunicationIdentifier');
  });

  it.each(['1', '2024', 'Monday', '12/31/2024'])(
    'rejects the date %j, which Date would read loosely',
    async (createdOn) => {
      server.respond({ status: 200, body: { id: '19:t@thread.v2', topic: 'x', createdOn } });
      const error = await failure(getProperties);
      expect(error.code).toBe('InvalidResponse');
    },
  );

  it('rejects a body nested 100,000 arrays deep with InvalidResponse', async () => {
    server.respond({ status: 200, body: '['.repeat(100_000) + ']'.repeat(100_000) });
    const error = await failure(getProperties);
    expect(error.code).toBe('InvalidResponse');
  });

  it('rejects a truncated page', async () => {
    server.respond({
      status: 200,
      body: { value: [{ id: '19:a@thread.v2', topic: 'a' }, { id: '19:b@thread.v2' }] },
    });
    const error = await failure(() => client.listChatThreads().byPage().next());
    expect(error.code).toBe('InvalidResponse');
    expect(error.message).toContain('value[1].topic');
  });

  it('ignores unknown fields and passes unknown enum values through', async () => {
    server.respond({
      status: 200,
      body: {
        id: '19:t@thread.v2',
        topic: 'x',
        createdOn: '2024-01-01T00:00:00Z',
        createdByCommunicationIdentifier: {
          rawId: 'x:new',
          kind: 'somethingNew',
          somethingNew: { id: 1 },
        },
        messagingPolicy: { textOnlyChat: false },
      },
    });
    const properties = await getProperties();
    expect(properties.createdBy).toEqual({ kind: 'unknown', id: 'x:new' });
  });
});

describe('nextLink', () => {
  it('refuses a nextLink on another origin and sends it nothing', async () => {
    server.respond({
      status: 200,
      body: {
        value: [{ id: '19:a@thread.v2', topic: 'a' }],
        nextLink: `${elsewhere.url}/chat/threads?syncState=x`,
      },
    });
    const pages = client.listChatThreads().byPage();
    const first = await pages.next();
    expect(first.value).toHaveLength(1);
    const error = await failure(() => pages.next());
    expect(error.code).toBe('UntrustedNextLink');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses a continuation token on another origin before any request', async () => {
    const error = await failure(() =>
      client
        .listChatThreads()
        .byPage({ continuationToken: `${elsewhere.url}/chat/threads` })
        .next(),
    );
    expect(error.code).toBe('UntrustedNextLink');
    expect(server.requests).toHaveLength(0);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses a same-origin nextLink that carries user:password@', async () => {
    const withUser = server.url.replace('http://', 'http://user:pw@');
    server.respond({
      status: 200,
      body: { value: [{ id: '19:a@thread.v2', topic: 'a' }], nextLink: `${withUser}/chat/threads` },
    });
    const pages = client.listChatThreads().byPage();
    await pages.next();
    const error = await failure(() => pages.next());
    expect(error.code).toBe('UntrustedNextLink');
    expect(server.requests).toHaveLength(1);
  });

  it('ends a nextLink that points at its own page with an error, not a loop', async () => {
    const self = `${server.url}/chat/threads?syncState=same&api-version=2025-03-15`;
    server.respond({ status: 200, body: { value: [], nextLink: self } });
    const items = client.listChatThreads()[Symbol.asyncIterator]();
    const error = await failure(() => items.next());
    expect(error.code).toBe('InvalidResponse');
    expect(error.message).toMatch(/loop/);
    expect(server.requests).toHaveLength(2);
  });

  it('ends nextLinks that go round in a circle of two', async () => {
    const a = `${server.url}/chat/threads?syncState=a`;
    const b = `${server.url}/chat/threads?syncState=b`;
    server.respond(
      { status: 200, body: { value: [{ id: '19:a@thread.v2', topic: 'a' }], nextLink: a } },
      { status: 200, body: { value: [{ id: '19:b@thread.v2', topic: 'b' }], nextLink: b } },
      { status: 200, body: { value: [{ id: '19:c@thread.v2', topic: 'c' }], nextLink: a } },
    );
    const topics: string[] = [];
    const error = await failure(async () => {
      for await (const thread of client.listChatThreads()) topics.push(thread.topic);
    });
    expect(error.code).toBe('InvalidResponse');
    expect(topics).toEqual(['a', 'b', 'c']);
    expect(server.requests).toHaveLength(3);
  });

  it('ends endless empty pages, each with a new nextLink', async () => {
    server.respond(
      ...Array.from({ length: 150 }, (_, i) => ({
        status: 200,
        body: { value: [], nextLink: `${server.url}/chat/threads?syncState=${i}` },
      })),
    );
    const error = await failure(() => client.listChatThreads()[Symbol.asyncIterator]().next());
    expect(error.code).toBe('InvalidResponse');
    expect(server.requests.length).toBeLessThan(150);
  });

  it('follows a same-origin nextLink exactly as given, adding nothing', async () => {
    const nextLink = `${server.url}/chat/threads/19:t@thread.v2/messages?syncState=abc&startTime=1/1/1970%2012:00:00%20AM%20%2B00:00&maxPageSize=2&api-version=2025-03-15`;
    server.respond(
      { status: 200, body: { value: [], nextLink } },
      { status: 200, body: { value: [] } },
    );
    const pages = [];
    for await (const page of client.getChatThreadClient('19:t@thread.v2').listMessages().byPage())
      pages.push(page);
    expect(pages).toHaveLength(2);
    expect(server.requests[1]?.url).toBe(nextLink.slice(server.url.length));
    expect(server.requests[1]?.headers.authorization).toMatch(/^Bearer /);
  });
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'refuses a %i to another origin and sends nothing there',
    async (status) => {
      server.respond({ status, headers: { location: `${elsewhere.url}/chat/threads/x/messages` } });
      const error = await failure(() =>
        client.getChatThreadClient('19:t@thread.v2').sendMessage({ content: 'secret' }),
      );
      expect(error.code).toBe('UnexpectedRedirect');
      expect(error.statusCode).toBe(status);
      expect(error.message).toContain(elsewhere.url);
      expect(elsewhere.requests).toHaveLength(0);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('does not follow a redirect within the origin either, or retry it', async () => {
    server.respond(
      { status: 307, headers: { location: `${server.url}/chat/threads/other` } },
      {
        status: 200,
        body: { id: '19:t@thread.v2', topic: 'x', createdOn: '2024-01-01T00:00:00Z' },
      },
    );
    const error = await failure(getProperties);
    expect(error.code).toBe('UnexpectedRedirect');
    expect(server.requests).toHaveLength(1);
  });
});

describe('response size', () => {
  const thread = { id: '19:t@thread.v2', topic: 'x', createdOn: '2024-01-01T00:00:00Z' };
  const big = { ...thread, metadata: { pad: 'x'.repeat(5000) } };
  const small = () =>
    new ChatClient(server.url, new CommunicationTokenCredential(fakeJwt(3600)), {
      retryOptions: { maxRetries: 0 },
      maxResponseBytes: 1024,
    });

  it('refuses a body over maxResponseBytes by its content-length', async () => {
    server.respond({ status: 200, body: big });
    const error = await failure(() => small().getChatThreadClient(thread.id).getProperties());
    expect(error.code).toBe('ResponseTooLarge');
    expect(error.message).toMatch(/maxResponseBytes/);
  });

  it('refuses a chunked body once it passes maxResponseBytes', async () => {
    server.respond({ status: 200, body: big, headers: { 'transfer-encoding': 'chunked' } });
    const error = await failure(() => small().getChatThreadClient(thread.id).getProperties());
    expect(error.code).toBe('ResponseTooLarge');
  });

  it('reads a body within the limit', async () => {
    server.respond({ status: 200, body: thread });
    await expect(small().getChatThreadClient(thread.id).getProperties()).resolves.toMatchObject({
      topic: 'x',
    });
  });

  it('caps bodies at 16 MiB by default', async () => {
    server.respond({
      status: 200,
      body: { ...thread, metadata: { pad: 'x'.repeat(17 * 1024 * 1024) } },
      headers: { 'transfer-encoding': 'chunked' },
    });
    const error = await failure(getProperties);
    expect(error.code).toBe('ResponseTooLarge');
  });
});

describe('hostile credentials', () => {
  it.each([
    ['a token with a line break (header injection)', 'abc\r\nx-injected: 1'],
    ['a token that is not a string', 42],
    ['an empty token', ''],
    ['a token with non-ASCII characters', 'tökén'],
  ])('turns %s into a ChatError and sends nothing', async (_case, token) => {
    const hostile = new ChatClient(server.url, {
      getToken: async () => ({ token: token as string, expiresOnTimestamp: Date.now() + 3600_000 }),
      dispose: () => undefined,
    });
    const error = await failure(() =>
      hostile.getChatThreadClient('19:t@thread.v2').getProperties(),
    );
    expect(error.code).toBe('InvalidToken');
    expect(server.requests).toHaveLength(0);
  });

  it('turns a getToken that throws a plain Error into a ChatError that keeps it as cause', async () => {
    const cause = new Error('vault unreachable');
    const hostile = new ChatClient(server.url, {
      getToken: () => Promise.reject(cause),
      dispose: () => undefined,
    });
    const error = await failure(() =>
      hostile.getChatThreadClient('19:t@thread.v2').getProperties(),
    );
    expect(error.message).toContain('vault unreachable');
    expect(error.cause).toBe(cause);
  });
});
