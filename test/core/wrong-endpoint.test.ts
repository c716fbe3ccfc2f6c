// A 404 says which mistake it is. From the Chat service (its error body) it means the thread or
// message is not there; without that body the request never reached the service, and the error
// says the endpoint may be wrong, naming the URL. The common case is real: the emulator in a Vite
// dev server, given its origin without the plugin's /acs prefix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, CommunicationTokenCredential, isChatError } from '../../src/core/index.ts';
import { chatEmulatorPlugin } from '../../src/emulator/index.ts';
import { startCannedServer, type CannedServer } from '../support/canned-server.ts';
import { fakeJwt } from '../support/jwt.ts';
import { startViteApp, type ViteApp } from '../emulator/vite-app.ts';

const plugin = chatEmulatorPlugin({ prefix: '/acs' });
let app: ViteApp;
let canned: CannedServer;
let token: string;

beforeAll(async () => {
  app = await startViteApp(plugin, { hmr: false });
  canned = await startCannedServer();
  ({ token } = await plugin.api.emulator.createUser());
});
afterAll(async () => {
  await canned?.close();
  await app?.close();
});

async function failure(call: () => Promise<unknown>) {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isChatError(error)) throw new Error(`expected a ChatError, got ${String(error)}`);
  return error;
}

const wrongEndpoint = /The endpoint may be wrong: (\S+) answered 404 without ACS's error body/;

describe('the emulator in Vite, given its origin without /acs', () => {
  it('says the endpoint may be wrong for every kind of call, naming the URL', async () => {
    const client = new ChatClient(app.origin, new CommunicationTokenCredential(token));
    const thread = client.getChatThreadClient('19:abc@thread.v2');
    const calls = {
      createChatThread: () => client.createChatThread({ topic: 't' }),
      listChatThreads: () => client.listChatThreads().next(),
      getProperties: () => thread.getProperties(),
      sendMessage: () => thread.sendMessage({ content: 'm' }),
    };
    for (const [operation, call] of Object.entries(calls)) {
      const error = await failure(call);
      expect(error.statusCode, operation).toBe(404);
      expect(error.code, operation).toBe('NotFound');
      expect(error.message, operation).toMatch(wrongEndpoint);
      expect(error.message, operation).toMatch(/includes any path prefix/);
      expect(error.message, operation).not.toMatch(/Check the id/);
    }
    const error = await failure(calls.getProperties);
    expect(error.message.match(wrongEndpoint)?.[1]).toBe(
      `${app.origin}/chat/threads/19%3Aabc%40thread.v2`,
    );
    client.close();
  });

  it('says "check the id" once the endpoint has the prefix and the thread is missing', async () => {
    const client = new ChatClient(`${app.origin}/acs`, new CommunicationTokenCredential(token));
    const error = await failure(() =>
      client.getChatThreadClient('19:abc@thread.v2').getProperties(),
    );
    expect(error.statusCode).toBe(404);
    expect(error.message).toMatch(/Check the id/);
    expect(error.message).not.toMatch(/endpoint may be wrong/);
    client.close();
  });
});

describe('a 404 from something other than the Chat service', () => {
  it.each([
    ['no body', undefined, {}],
    ['an HTML page', '<html><body>Not Found</body></html>', { 'content-type': 'text/html' }],
    ["another API's JSON", { message: 'Not Found', statusCode: 404 }, {}],
  ])('with %s says the endpoint may be wrong', async (_name, body, headers) => {
    canned.respond({ status: 404, body, headers });
    const client = new ChatClient(canned.url, new CommunicationTokenCredential(fakeJwt(3600)));
    const error = await failure(() => client.getChatThreadClient('19:x@thread.v2').getMessage('1'));
    expect(error.code).toBe('NotFound');
    expect(error.message).toMatch(wrongEndpoint);
    client.close();
  });

  it.each([
    ['current', { error: { code: 'NotFound', message: 'Thread not found' } }],
    ['legacy', { Code: 'NotFound', Message: 'Thread not found' }],
    ['legacy wrapped', { CommunicationError: { Code: 'NotFound', Message: 'Thread not found' } }],
  ])("with ACS's %s error body says to check the id", async (_name, body) => {
    canned.respond({ status: 404, body });
    const client = new ChatClient(canned.url, new CommunicationTokenCredential(fakeJwt(3600)));
    const error = await failure(() => client.getChatThreadClient('19:x@thread.v2').getMessage('1'));
    expect(error.message).toBe(
      'getMessage failed with 404 NotFound: Thread not found. Check the id: the thread or message does not exist, or the user cannot see it.',
    );
    client.close();
  });
});
