// The real-time channel through the Vite plugin: the configuration under the prefix, the socket at
// the dev server's root (where the client always looks for /socket.io/1/), the WebSocket on
// Vite's own HTTP server beside its HMR socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatEmulatorPlugin } from '../../src/emulator/index.ts';
import { connectRealtime } from '../support/realtime-client.ts';
import { call } from './helpers.ts';
import { startViteApp, type ViteApp } from './vite-app.ts';

let app: ViteApp;
let origin: string;
const plugin = chatEmulatorPlugin({ prefix: '/acs' });

beforeAll(async () => {
  app = await startViteApp(plugin);
  origin = app.origin;
});
afterAll(() => app?.close());

/** A socket through the dev server receives the event (257) of a thread the user creates. */
async function expectThreadCreatedEvent(endpoint: string, token: string) {
  const socket = await connectRealtime(endpoint, token);
  try {
    const created = await call(endpoint, '/chat/threads', { token, body: { topic: 'Live' } });
    const notice = await socket.notification(257);
    expect(notice.threadId).toBe(created.body.chatThread.id);
  } finally {
    socket.close();
  }
}

describe('the real-time channel in a Vite dev server', () => {
  it('points the configuration below the prefix and the socket at the root', async () => {
    const endpoint = `${origin}/acs`;
    const ann = await plugin.api.emulator.createUser();
    const config = await call(endpoint, '/chat/config/realTimeNotifications', {
      token: ann.token,
      apiVersion: '2024-09-01',
    });
    expect(config.body.trouterServiceUrl).toBe(`${endpoint}/trouter`);
    expect(config.body.registrarServiceUrl).toBe(`${endpoint}/registrar`);

    await expectThreadCreatedEvent(endpoint, ann.token);
  });

  it('leaves the dev server’s own pages alone', async () => {
    const page = await fetch(`${origin}/`);
    expect(await page.text()).toContain('<title>app</title>');
  });
});

describe('the real-time channel with Vite in middleware mode (as Storybook runs it)', () => {
  it('takes the socket on the server Vite was given for HMR', async () => {
    const own = chatEmulatorPlugin({ prefix: '/acs' });
    const middleware = await startViteApp(own, { middleware: true });
    try {
      const endpoint = `${middleware.origin}/acs`;
      const bob = await own.api.emulator.createUser();
      await expectThreadCreatedEvent(endpoint, bob.token);
    } finally {
      await middleware.close();
    }
  });
});
