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
