// A call always ends: a response whose headers arrive but whose body never does, or a token
// refresher that never answers, cannot keep a call pending past its per-attempt timeout, its
// totalTimeout, the caller's AbortSignal or close(), even after garbage collection has run (abort
// wiring that nothing holds strongly would be collected). The stalls come from a raw HTTP server
// on 127.0.0.1; a test that regresses hangs and fails on Vitest's test timeout.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  isChatError,
  type AccessToken,
  type ChatClientOptions,
  type TokenCredentialLike,
} from '../../src/core/index.ts';
import { startCannedServer, type CannedServer } from '../support/canned-server.ts';
import { fakeJwt } from '../support/jwt.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const thread = {
  id: '19:t@thread.v2',
  topic: 'stalled',
  createdOn: '2024-01-01T00:00:00Z',
};

let server: CannedServer;
const clients: ChatClient[] = [];
beforeAll(async () => {
  server = await startCannedServer();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  server.requests.length = 0;
});
afterAll(() => server.close());

/** A client whose fetch reports when response headers have arrived, so a test acts mid-body. */
function stalledClient(options: ChatClientOptions = {}, credential?: TokenCredentialLike) {
  let headersArrived!: () => void;
  const headers = new Promise<void>((resolve) => (headersArrived = resolve));
  const client = new ChatClient(
    server.url,
    credential ?? new CommunicationTokenCredential(fakeJwt(3600)),
    {
      retryOptions: { maxRetries: 0 },
      ...options,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        headersArrived();
        return response;
      },
    },
  );
  clients.push(client);
  return { client, headers, thread: client.getChatThreadClient(thread.id) };
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );

describe('a stalled response body', () => {
  it('fails the attempt on the per-attempt timeout (it covers the body too)', async () => {
    server.respond({ status: 200, body: thread, stall: true });
    const { thread: client } = stalledClient({ timeout: 200 });
    const error = await outcome(client.getProperties());
    expect(isChatError(error) && error.code).toBe('Timeout');
  });

  it('is retried like any timed-out attempt of an idempotent request', async () => {
    server.respond({ status: 200, body: thread, stall: true }, { status: 200, body: thread });
    const { thread: client } = stalledClient({ timeout: 200, retryOptions: { retryDelayInMs: 1 } });
    await expect(client.getProperties()).resolves.toMatchObject({ topic: 'stalled' });
    expect(server.requests).toHaveLength(2);
  });

  it('ends on totalTimeout when attempts have no timeout', async () => {
    server.respond({ status: 200, body: thread, stall: true });
    const { thread: client } = stalledClient({ timeout: false, totalTimeout: 200 });
    const error = await outcome(client.getProperties());
    expect(isChatError(error) && error.code).toBe('Timeout');
  });

  // abortSignal is the official SDK's name, signal fetch's: the same signal by either name.
  it.each(['abortSignal', 'signal'])(
    "ends when the caller aborts mid-body through options.%s, after GC, with the caller's reason",
    async (name) => {
      server.respond({ status: 200, body: thread, stall: true });
      const { thread: client, headers } = stalledClient();
      const controller = new AbortController();
      const pending = outcome(client.getProperties({ [name]: controller.signal }));
      await headers;
      gc();
      controller.abort();
      const error = await pending;
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe('AbortError');
    },
  );

  it('ends when the client closes mid-body, after GC', async () => {
    server.respond({ status: 200, body: thread, stall: true });
    const { client, thread: threadClient, headers } = stalledClient();
    const pending = outcome(threadClient.getProperties());
    await headers;
    gc();
    client.close();
    const error = await pending;
    expect(isChatError(error) && error.code).toBe('ClientClosed');
  });

  it('ends on totalTimeout mid-body, after GC', async () => {
    server.respond({ status: 200, body: thread, stall: true });
    const { thread: client, headers } = stalledClient({ totalTimeout: 300 });
    const pending = outcome(client.getProperties());
    await headers;
    gc();
    const error = await pending;
    expect(isChatError(error) && error.code).toBe('Timeout');
  });

  it('also stalls an error body no longer than the attempt timeout', async () => {
    server.respond({ status: 503, body: { error: { code: 'Busy', message: 'x' } }, stall: true });
    const { thread: client } = stalledClient({ timeout: 200 });
    const error = await outcome(client.getProperties());
    expect(isChatError(error)).toBe(true);
  });
});

/** A credential in the official shape whose getToken never settles and ignores its signal. */
function hangingCredential(): TokenCredentialLike {
  return {
    getToken: () => new Promise<AccessToken>(() => undefined),
    dispose: () => undefined,
  };
}

describe('a token source that never answers', () => {
  it('cannot hold a call past the caller aborting', async () => {
    const { thread: client } = stalledClient({}, hangingCredential());
    const controller = new AbortController();
    const pending = outcome(client.getProperties({ signal: controller.signal }));
    gc();
    controller.abort();
    expect((await pending) as DOMException).toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });

  it('cannot hold a call past close()', async () => {
    const { client, thread: threadClient } = stalledClient({}, hangingCredential());
    const pending = outcome(threadClient.getProperties());
    gc();
    client.close();
    const error = await pending;
    expect(isChatError(error) && error.code).toBe('ClientClosed');
  });

  it('cannot hold a call refused with 401 past totalTimeout, while its refresh hangs', async () => {
    server.respond({ status: 401, body: { error: { code: 'InvalidToken', message: 'x' } } });
    const credential = new CommunicationTokenCredential({
      token: fakeJwt(3600),
      tokenRefresher: () => new Promise<string>(() => undefined),
    });
    const { thread: client } = stalledClient({ totalTimeout: 300 }, credential);
    const error = await outcome(client.getProperties());
    expect(isChatError(error) && error.code).toBe('Timeout');
    expect(server.requests).toHaveLength(1);
  });

  it('cannot hold a call past totalTimeout', async () => {
    const { thread: client } = stalledClient({ totalTimeout: 200 }, hangingCredential());
    const error = await outcome(client.getProperties());
    expect(isChatError(error) && error.code).toBe('Timeout');
  });
});
