// The core client in Chromium against the emulator on another origin: every call is a real CORS
// request (Authorization alone forces a preflight), so these fail if the emulator's CORS headers or
// the client's use of fetch are wrong in a way Node's fetch would never show.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ChatClient, CommunicationTokenCredential, isChatError } from '../../src/core/index.ts';
import { addFault, createUser, emulatorUrl, seedThreads } from './support.ts';

const clients: ChatClient[] = [];
function clientFor(token: string, options: ConstructorParameters<typeof ChatClient>[2] = {}) {
  const client = new ChatClient(emulatorUrl, new CommunicationTokenCredential(token), options);
  clients.push(client);
  return client;
}
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function threadTopics(client: ChatClient): Promise<string[]> {
  const topics: string[] = [];
  for await (const thread of client.listChatThreads({ maxPageSize: 2 })) topics.push(thread.topic);
  return topics;
}

describe('core client in Chromium, cross-origin', () => {
  it('runs on another origin than the emulator', () => {
    expect(location.origin).not.toBe(new URL(emulatorUrl).origin);
  });

  it('creates, lists (following nextLink across pages) and deletes threads', async () => {
    const ann = await createUser();
    const bob = await createUser();
    const client = clientFor(ann.token);
    // Seeded threads end "now", so seed first: the new thread is then the newest.
    await seedThreads([ann.userId], 3, 'Older');
    const { chatThread, invalidParticipants } = await client.createChatThread(
      { topic: 'Over CORS' },
      { participants: [{ id: { communicationUserId: bob.userId }, displayName: 'Bob' }] },
    );
    expect(invalidParticipants).toBeUndefined();
    expect(chatThread?.topic).toBe('Over CORS');
    // Page size 2 over 4 threads: the second and third pages come from nextLink.
    expect(await threadTopics(client)).toEqual(['Over CORS', 'Older 3', 'Older 2', 'Older 1']);

    await client.deleteChatThread(chatThread!.id);
    const listed: Array<{ topic: string; deleted: boolean }> = [];
    for await (const thread of client.listChatThreads()) {
      listed.push({ topic: thread.topic, deleted: thread.deletedOn !== undefined });
    }
    expect(listed[0]).toEqual({ topic: 'Over CORS', deleted: true });
    // Bob sees the thread Ann made, with the same id, through his own token.
    const bobClient = clientFor(bob.token);
    await expect(
      bobClient.getChatThreadClient(chatThread!.id).getProperties(),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('passes a preflight for custom headers, and reads the exposed response headers', async () => {
    const ann = await createUser();
    const requestId = crypto.randomUUID();
    const response = await fetch(`${emulatorUrl}/chat/threads?api-version=2025-03-15`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ann.token}`,
        'content-type': 'application/json',
        'repeatability-request-id': crypto.randomUUID(),
        'x-ms-client-request-id': requestId,
        'x-ms-useragent': 'browser-test',
      },
      body: JSON.stringify({ topic: 'Preflighted' }),
    });
    expect(response.status).toBe(201);
    // Readable only because the emulator lists them in Access-Control-Expose-Headers.
    expect(response.headers.get('x-ms-client-request-id')).toBe(requestId);
    expect(response.headers.get('ms-cv')).toMatch(/^[\w-]+\.0$/);
    expect(response.headers.get('location')).toContain('/chat/threads/');
  });

  it('is really cross-origin: a header the emulator does not allow fails the preflight', async () => {
    const ann = await createUser();
    await expect(
      fetch(`${emulatorUrl}/chat/threads?api-version=2025-03-15`, {
        headers: { authorization: `Bearer ${ann.token}`, 'x-not-allowed': '1' },
      }),
    ).rejects.toThrow(TypeError);
  });

  it('honours Retry-After from a 429 it can only read through CORS', async () => {
    const ann = await createUser();
    // Its own back-off would wait a minute, far past the test's timeout: only the service's
    // 300 ms hint, read from a header CORS exposes, lets the retry come in time.
    const client = clientFor(ann.token, {
      retryOptions: { retryDelayInMs: 60_000, maxRetryDelayInMs: 60_000 },
    });
    const { chatThread } = await client.createChatThread({ topic: 'Throttled' });
    const path = `/chat/threads/${encodeURIComponent(chatThread!.id)}`;
    await addFault({ method: 'GET', path, status: 429, retryAfterMs: 300, times: 1 });
    const properties = await client.getChatThreadClient(chatThread!.id).getProperties();
    expect(properties.topic).toBe('Throttled');
  });

  it('aborts a request in flight through its AbortSignal', async () => {
    const ann = await createUser();
    const controller = new AbortController();
    // Aborts once the GET is on its way; the emulator would answer it only after 5 s.
    const client = clientFor(ann.token, {
      fetch: (input, init) => {
        const request = new Request(input, init);
        const sent = fetch(request);
        if (request.method === 'GET') controller.abort();
        return sent;
      },
    });
    const { chatThread } = await client.createChatThread({ topic: 'Slow' });
    const path = `/chat/threads/${encodeURIComponent(chatThread!.id)}`;
    await addFault({ method: 'GET', path, latencyMs: 5000, times: 1 });
    const error: unknown = await client
      .getChatThreadClient(chatThread!.id)
      .getProperties({ signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
  });

  it('surfaces service errors as ChatError with the status and code', async () => {
    const ann = await createUser();
    const client = clientFor(ann.token);
    const error: unknown = await client
      .getChatThreadClient('19:missing@thread.v2')
      .getProperties()
      .catch((e: unknown) => e);
    expect(isChatError(error)).toBe(true);
    // The request id is the response's ms-cv, readable cross-origin only as an exposed header.
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      requestId: expect.stringMatching(/^[\w-]+\.0$/),
    });
  });
});

describe('a response body that never ends, in Chromium', () => {
  const stallUrl = inject('stallUrl');
  const token = fakeJwt();
  function stalled(options: ConstructorParameters<typeof ChatClient>[2] = {}) {
    let headersArrived!: () => void;
    const headers = new Promise<void>((resolve) => (headersArrived = resolve));
    const client = new ChatClient(stallUrl, new CommunicationTokenCredential(token), {
      retryOptions: { maxRetries: 0 },
      ...options,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        headersArrived();
        return response;
      },
    });
    clients.push(client);
    return { client, headers, thread: client.getChatThreadClient('19:t@thread.v2') };
  }

  it('fails the attempt on the per-attempt timeout', async () => {
    const { thread } = stalled({ timeout: 300 });
    const error: unknown = await thread.getProperties().catch((e: unknown) => e);
    expect(isChatError(error) && error.code).toBe('Timeout');
  });

  it("ends when the caller aborts mid-body, with the caller's reason", async () => {
    const { thread, headers } = stalled({ timeout: false });
    const controller = new AbortController();
    const pending = thread.getProperties({ signal: controller.signal }).catch((e: unknown) => e);
    await headers;
    controller.abort();
    expect(((await pending) as Error).name).toBe('AbortError');
  });

  it('ends when the client closes mid-body', async () => {
    const { client, thread, headers } = stalled({ timeout: false });
    const pending = thread.getProperties().catch((e: unknown) => e);
    await headers;
    client.close();
    const error = await pending;
    expect(isChatError(error) && error.code).toBe('ClientClosed');
  });
});

describe('redirects, in Chromium', () => {
  it('refuses a redirect (an opaque response to a manual redirect) with UnexpectedRedirect', async () => {
    const client = new ChatClient(inject('stallUrl'), new CommunicationTokenCredential(fakeJwt()), {
      retryOptions: { maxRetries: 0 },
    });
    clients.push(client);
    const error: unknown = await client
      .getChatThreadClient('redirect')
      .sendMessage({ content: 'secret' })
      .catch((e: unknown) => e);
    expect(isChatError(error) && error.code).toBe('UnexpectedRedirect');
  });
});

/** An unsigned JWT valid for an hour: the stall server never reads it. */
function fakeJwt(): string {
  const part = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'none' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
}
