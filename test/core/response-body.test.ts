// Reading bodies where fetch has no body stream, as React Native's: `response.body` is null and
// `text()` hands over the whole body. The answers come over real HTTP from a scripted loopback
// server; the fetch wrapper only rebuilds each real answer as such a Response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, CommunicationTokenCredential, isChatError } from '../../src/core/index.ts';
import { startCannedServer, type CannedServer } from '../support/canned-server.ts';
import { fakeJwt } from '../support/jwt.ts';

/** A real Response of the real answer's text whose `body` is null, as React Native's fetch gives. */
class NoStreamResponse extends Response {
  override get body(): null {
    return null;
  }
}

let server: CannedServer;
beforeAll(async () => {
  server = await startCannedServer();
});
afterAll(() => server.close());

/** The platform's fetch, each answer handed back without a body stream; counts `text()` reads. */
function noStreamFetch() {
  const reads = { text: 0 };
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const real = await fetch(input, init);
    const response = new NoStreamResponse(await real.text(), {
      status: real.status,
      statusText: real.statusText,
      headers: real.headers,
    });
    const text = response.text.bind(response);
    response.text = () => {
      reads.text++;
      return text();
    };
    return response;
  };
  return { fetch: fetchImpl, reads };
}

const thread = { id: '19:t@thread.v2', topic: 'x', createdOn: '2024-01-01T00:00:00Z' };

function clientWith(fetchImpl: ReturnType<typeof noStreamFetch>['fetch'], maxResponseBytes = 1024) {
  return new ChatClient(server.url, new CommunicationTokenCredential(fakeJwt(3600)), {
    retryOptions: { maxRetries: 0 },
    maxResponseBytes,
    fetch: fetchImpl,
  });
}

async function failure(call: () => Promise<unknown>) {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isChatError(error)) throw new Error(`expected a ChatError, got ${String(error)}`);
  return error;
}

describe('a fetch without body streams (React Native)', () => {
  it('reads the answer through text()', async () => {
    server.respond({ status: 200, body: { ...thread, topic: 'Ünïcode topic' } });
    const { fetch: fetchImpl, reads } = noStreamFetch();
    const properties = await clientWith(fetchImpl).getChatThreadClient(thread.id).getProperties();
    expect(properties).toMatchObject({ id: thread.id, topic: 'Ünïcode topic' });
    expect(reads.text).toBe(1);
  });

  it('reads an error body through text(), so the service error keeps its code', async () => {
    server.respond({
      status: 403,
      body: { error: { code: 'NotAParticipant', message: 'Not a participant' } },
    });
    const { fetch: fetchImpl } = noStreamFetch();
    const error = await failure(() =>
      clientWith(fetchImpl).getChatThreadClient(thread.id).getProperties(),
    );
    expect(error).toMatchObject({ statusCode: 403, code: 'NotAParticipant' });
  });

  it('refuses a body over maxResponseBytes by its content-length, without reading it', async () => {
    const body = JSON.stringify({ ...thread, metadata: { pad: 'x'.repeat(5000) } });
    server.respond({ status: 200, body, headers: { 'content-length': String(body.length) } });
    const { fetch: fetchImpl, reads } = noStreamFetch();
    const error = await failure(() =>
      clientWith(fetchImpl).getChatThreadClient(thread.id).getProperties(),
    );
    expect(error.code).toBe('ResponseTooLarge');
    expect(reads.text).toBe(0);
  });

  it('refuses a body without content-length whose UTF-8 size passes maxResponseBytes', async () => {
    // 600 two-byte characters: under 1024 as a string's length, over 1024 bytes as sent.
    server.respond({
      status: 200,
      body: { ...thread, metadata: { pad: 'é'.repeat(600) } },
      headers: { 'transfer-encoding': 'chunked' },
    });
    const { fetch: fetchImpl, reads } = noStreamFetch();
    const error = await failure(() =>
      clientWith(fetchImpl).getChatThreadClient(thread.id).getProperties(),
    );
    expect(error.code).toBe('ResponseTooLarge');
    expect(reads.text).toBe(1);
  });
});
