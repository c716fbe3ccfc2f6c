// The wiring that checks every emulator exchange in the suite: the onExchange hook, the tap the
// setup file installs on every emulator, and the explicit opt-outs for malformed requests.
import { describe, expect, it } from 'vitest';
import {
  createChatEmulator,
  createChatEmulatorServer,
  type EmulatorExchange,
} from '../../src/emulator/index.ts';
import {
  checkExchange,
  skipRequestValidation,
  skipRequestValidationHeader,
  takeExchangeViolations,
} from '../support/spec-validator.ts';

const base = 'http://emulator.test';
const v = 'api-version=2025-03-15';

describe('onExchange', () => {
  it('sees each exchange with the request body, the path below the endpoint and a readable clone', async () => {
    const seen: EmulatorExchange[] = [];
    const emulator = createChatEmulator({ onExchange: (exchange) => seen.push(exchange) });
    const user = await emulator.createUser();
    const response = await emulator.handle(
      new Request(`${base}/acs/chat/threads?${v}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': 'application/json',
          'x-forwarded-prefix': '/acs',
        },
        body: JSON.stringify({ topic: 'Tapped' }),
      }),
    );
    expect(response.status).toBe(201);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/chat/threads');
    expect(seen[0]!.requestBody).toBe('{"topic":"Tapped"}');
    // Both the client's response and the observer's clone can be read in full.
    const [mine, theirs] = await Promise.all([response.json(), seen[0]!.response.json()]);
    expect(theirs).toEqual(mine);
  });

  it('does not let an observer that throws change the response', async () => {
    skipRequestValidation('no token, on purpose');
    const emulator = createChatEmulator({
      onExchange: () => {
        throw new Error('observer bug');
      },
    });
    const response = await emulator.handle(new Request(`${base}/chat/threads?${v}`));
    expect(response.status).toBe(401);
  });
});

describe('the test tap', () => {
  const user = async () => {
    const emulator = createChatEmulator();
    return { emulator, token: (await emulator.createUser()).token };
  };

  it('is installed on every emulator the suite makes, and reports spec violations', async () => {
    const { emulator, token } = await user();
    await emulator.handle(
      new Request(`${base}/chat/threads?${v}&maxPageSize=ten`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    // Taken here, so this test's afterEach finds nothing left.
    expect(await takeExchangeViolations()).toEqual([
      `request GET ${base}/chat/threads?${v}&maxPageSize=ten: Chat_ListChatThreads request: query maxPageSize must be an integer, got 'ten'`,
    ]);
  });

  it('is installed on the emulator a server makes for itself', async () => {
    const server = await createChatEmulatorServer();
    try {
      const { token } = await server.emulator.createUser();
      await fetch(`${server.url}/chat/threads?${v}&maxPageSize=ten`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await takeExchangeViolations()).toEqual([
        expect.stringMatching(/query maxPageSize must be an integer, got 'ten'$/),
      ]);
    } finally {
      await server.close();
    }
  });

  it('still validates responses when request validation is skipped', async () => {
    skipRequestValidation('a broken response is made up below');
    const request = new Request(`${base}/chat/threads?${v}`, { method: 'POST', body: '{}' });
    checkExchange({
      request,
      requestBody: '{}',
      path: '/chat/threads',
      response: new Response(JSON.stringify({ chatThread: { id: 'x', topic: 't' } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    });
    expect(await takeExchangeViolations()).toEqual([
      `response to POST ${base}/chat/threads?${v}: Chat_CreateChatThread 200 response: status 200 is not one the spec lists (201, 401, 403, 429, 503)`,
    ]);
  });

  it('skips request validation per request with a header that says why', async () => {
    const { emulator } = await user();
    const response = await emulator.handle(
      new Request(`${base}/chat/threads?${v}`, {
        headers: { [skipRequestValidationHeader]: 'no token, on purpose' },
      }),
    );
    expect(response.status).toBe(401);
    expect(await takeExchangeViolations()).toEqual([]);
  });

  it('treats a followed nextLink as the server’s URL', async () => {
    const { emulator, token } = await user();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (const topic of ['a', 'b', 'c']) {
      await emulator.handle(
        new Request(`${base}/chat/threads?${v}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ topic }),
        }),
      );
    }
    const first = await emulator.handle(
      new Request(`${base}/chat/threads?maxPageSize=2&${v}`, { headers }),
    );
    const { nextLink } = (await first.json()) as { nextLink: string };
    expect(nextLink).toContain('syncState=');
    await emulator.handle(new Request(nextLink, { headers }));
    // The same query, rebuilt rather than followed, is checked as the client's.
    const rebuilt = new URL(nextLink);
    rebuilt.searchParams.set('maxPageSize', '2');
    await emulator.handle(
      new Request(rebuilt.href.replace('maxPageSize=2', 'maxPageSize=02'), { headers }),
    );
    const violations = await takeExchangeViolations();
    expect(violations).toEqual([
      expect.stringMatching(/query startTime must be an RFC 3339 date-time/),
      expect.stringMatching(/query parameter 'syncState' is not in the spec/),
    ]);
  });
});
