// Every HTTP upgrade ends in a clean refusal or a socket, whatever its path, headers or timing, on
// each host that carries the real-time channel (the Node server, and the Vite plugin beside Vite's
// own HMR socket); the server keeps serving everyone else. No token is needed to send these: any
// page can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { chatEmulatorPlugin, type ChatEmulator } from '../../src/emulator/index.ts';
import { startEmulator } from '../support/emulator.ts';
import { connectRealtime, handshake, openSocket } from '../support/realtime-client.ts';
import { call } from './helpers.ts';
import { h2cRequest, rawExchange, statusOf, upgradeRequest } from './raw-http.ts';
import { startViteApp } from './vite-app.ts';

interface Host {
  /** Where the socket is: the origin's root. */
  origin: string;
  /** The chat endpoint (under the plugin's prefix for Vite). */
  endpoint: string;
  emulator: ChatEmulator;
  close(): Promise<void>;
}

type Case = [name: string, request: (sid: string) => string, status: number];

/** Upgrades every host answers the same way. */
const shared: Case[] = [
  ['a malformed escape', () => upgradeRequest('/socket.io/1/websocket/%ZZ'), 400],
  ['a lone percent sign', () => upgradeRequest('/socket.io/1/websocket/%'), 400],
  ['a truncated UTF-8 escape', () => upgradeRequest('/socket.io/1/websocket/%E0%A4%A'), 400],
  ['an escaped slash', () => upgradeRequest('/socket.io/1/websocket/..%2F..%2Fx'), 400],
  ['an empty session', () => upgradeRequest('/socket.io/1/websocket/'), 400],
  [
    'a session id of 10 000 characters',
    () => upgradeRequest(`/socket.io/1/websocket/${'a'.repeat(10_000)}`),
    400,
  ],
  ['h2c on a live session', (sid) => h2cRequest(`/socket.io/1/websocket/${sid}`), 400],
  ['a POST upgrade', (sid) => upgradeRequest(`/socket.io/1/websocket/${sid}`, {}, 'POST'), 400],
  [
    'no Sec-WebSocket-Key',
    (sid) => upgradeRequest(`/socket.io/1/websocket/${sid}`, { 'Sec-WebSocket-Key': undefined }),
    400,
  ],
  [
    'an unknown WebSocket version',
    (sid) => upgradeRequest(`/socket.io/1/websocket/${sid}`, { 'Sec-WebSocket-Version': '99' }),
    400,
  ],
  ['an unknown session', () => upgradeRequest('/socket.io/1/websocket/0123abcd'), 401],
  ['another socket.io transport', () => upgradeRequest('/socket.io/1/xhr-polling/abc'), 404],
];

const hosts: Record<string, { start: () => Promise<Host>; own: Case[] }> = {
  'the Node server': {
    async start() {
      const emu = await startEmulator();
      return { origin: emu.url, endpoint: emu.url, emulator: emu.emulator, close: emu.close };
    },
    // Every upgrade on the emulator's own server is the emulator's to answer.
    own: [
      ['h2c at the root', () => h2cRequest('/'), 404],
      ['a WebSocket on a chat route', () => upgradeRequest('/chat/threads'), 404],
      [
        'an absolute-form target',
        () => upgradeRequest('http://127.0.0.1/socket.io/1/websocket/%ZZ'),
        404,
      ],
    ],
  },
  'the Vite plugin': {
    async start() {
      const plugin = chatEmulatorPlugin({ prefix: '/acs' });
      const app = await startViteApp(plugin);
      const { origin } = app;
      return { origin, endpoint: `${origin}/acs`, emulator: plugin.api.emulator, close: app.close };
    },
    // Under the prefix the upgrade is the emulator's; elsewhere it is Vite's (its HMR socket).
    own: [
      ['h2c under the prefix', () => h2cRequest('/acs/chat/threads'), 404],
      ['a WebSocket at the prefix', () => upgradeRequest('/acs'), 404],
    ],
  },
};

describe.each(Object.keys(hosts))('upgrades on %s', (hostName) => {
  let host: Host;
  let token: string;
  let sid: string;
  const { start, own } = hosts[hostName]!;

  beforeAll(async () => {
    host = await start();
    ({ token } = await host.emulator.createUser());
    // A live session: refusals that name it must leave it usable.
    sid = (await (await handshake(host.origin, token)).text()).split(':')[0]!;
  });
  afterAll(() => host?.close());

  /** The server still serves REST and a real socket receives an event. */
  async function stillServing() {
    expect((await call(host.endpoint, '/chat/threads', { token })).status).toBe(200);
    const socket = await connectRealtime(host.endpoint, token);
    try {
      const created = await call(host.endpoint, '/chat/threads', { token, body: { topic: 'Up' } });
      expect((await socket.notification(257)).threadId).toBe(created.body.chatThread.id);
    } finally {
      socket.close();
    }
  }

  it.each([...shared, ...own])(
    'refuses %s cleanly and keeps serving',
    async (_, request, status) => {
      const answer = await rawExchange(host.origin, request(sid));
      expect(statusOf(answer)).toBe(status);
      expect(answer).toMatch(/\r\nConnection: close\r\n/i);
      await stillServing();
    },
  );

  it('survives each of them reset by the client halfway, again and again', async () => {
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        [...shared, ...own].map(([, request]) =>
          rawExchange(host.origin, request(sid), { reset: true }),
        ),
      );
    }
    await stillServing();
  });

  it('keeps a live session usable after the refusals that named it', async () => {
    const socket = await openSocket(host.origin, sid);
    await socket.frame((frame) => frame.includes('"trouter.connected"'));
    socket.close();
  });
});

describe('the Vite plugin beside Vite', () => {
  it("leaves Vite's HMR socket to Vite", async () => {
    const plugin = chatEmulatorPlugin({ prefix: '/acs' });
    const app = await startViteApp(plugin);
    try {
      const hmr = new WebSocket(app.origin.replace(/^http/, 'ws'), 'vite-hmr');
      const first = await new Promise<string>((resolve, reject) => {
        hmr.once('message', (data) => resolve(String(data)));
        hmr.once('error', reject);
      });
      expect(JSON.parse(first)).toMatchObject({ type: 'connected' });
      hmr.close();
    } finally {
      await app.close();
    }
  });
});
