// A soak of the real-time channel on the Node server, over loopback: rounds of hostile clients
// (malformed upgrades of many kinds, h2c, resets, oversized and half-sent frames, more sockets
// and handshakes than one user may hold, a reader that never reads) while a normal user keeps
// receiving the messages another sends. Bounded rounds; every wait is for a state. At the end the
// server still serves, the normal user got every message once, on the socket it opened first,
// and no hostile user got past a cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import {
  connectRealtime,
  handshake,
  openSocket,
  type RealtimeTestClient,
} from '../support/realtime-client.ts';
import { acs, call, threadPath } from './helpers.ts';
import {
  clientFrame,
  h2cRequest,
  rawExchange,
  rawWebSocket,
  statusOf,
  upgradeRequest,
} from './raw-http.ts';

const rounds = 6;
const messagesPerRound = 10;

let emu: TestEmulator;
type User = { userId: string; token: string };
let ann: User, bob: User, eve: User, erin: User, trudy: User, mallory: User;
let threadId: string;

beforeAll(async () => {
  emu = await startEmulator();
  [ann, bob, eve, erin, trudy, mallory] = [
    await emu.user(),
    await emu.user(),
    await emu.user(),
    await emu.user(),
    await emu.user(),
    await emu.user(),
  ];
  const created = await call(emu.url, '/chat/threads', {
    token: bob.token,
    body: { topic: 'Soak', participants: [{ communicationIdentifier: acs(ann.userId) }] },
  });
  threadId = created.body.chatThread.id;
});
afterAll(() => emu.close());

const sidOf = async (res: Response) => (await res.text()).split(':')[0]!;

/** Malformed and foreign upgrades, each sent whole and again reset halfway; all refused. */
async function malformedUpgrades(): Promise<void> {
  const live = await sidOf(await handshake(emu.url, trudy.token));
  const requests = [
    upgradeRequest('/socket.io/1/websocket/%ZZ'),
    upgradeRequest('/socket.io/1/websocket/%'),
    upgradeRequest('/socket.io/1/websocket/%C0%AF'),
    upgradeRequest(`/socket.io/1/websocket/${'f'.repeat(4000)}`),
    upgradeRequest('/socket.io/1/websocket/nosuchsession'),
    upgradeRequest(`/socket.io/1/websocket/${live}`, { 'Sec-WebSocket-Version': '7' }),
    upgradeRequest(`/socket.io/1/websocket/${live}`, {}, 'DELETE'),
    h2cRequest(`/socket.io/1/websocket/${live}`),
    h2cRequest('/'),
    upgradeRequest('/chat/threads'),
    upgradeRequest('/__emulator/reset'),
  ];
  const answers = await Promise.all(requests.map((request) => rawExchange(emu.url, request)));
  for (const answer of answers) expect([400, 401, 404]).toContain(statusOf(answer));
  await Promise.all(requests.map((request) => rawExchange(emu.url, request, { reset: true })));
}

/** Eve opens more sockets than one user may: 16 open, the rest refused; then she closes hers. */
async function socketStorm(): Promise<void> {
  const attempts = await Promise.all(
    Array.from({ length: 24 }, async () => {
      const res = await handshake(emu.url, eve.token);
      if (res.status === 429) return 'refused';
      expect(res.status).toBe(200);
      return openSocket(emu.url, await sidOf(res)).catch((error: Error) => {
        expect(error.message).toMatch(/HTTP 429/);
        return 'refused' as const;
      });
    }),
  );
  const open = attempts.filter((attempt): attempt is RealtimeTestClient => attempt !== 'refused');
  expect(open.length).toBeLessThanOrEqual(16);
  expect(emu.emulator.realtime.connectionCount(eve.userId)).toBeLessThanOrEqual(16);
  for (const socket of open) socket.close();
  await Promise.all(open.map((socket) => socket.closed));
}

/** Erin asks for handshakes she never uses: at most 32 are held for her. */
let erinsHandshakes = 0;
async function handshakeStorm(): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: 40 }, () => handshake(emu.url, erin.token)),
  );
  for (const res of answers) {
    expect([200, 429]).toContain(res.status);
    if (res.status === 200) erinsHandshakes++;
    await res.body?.cancel();
  }
}

/** Trudy sends frames too big, announces a huge one, and leaves one half-sent. */
const halfSent: Array<{ socket: { destroy(): void } }> = [];
async function badFrames(): Promise<void> {
  const sid = async () => sidOf(await handshake(emu.url, trudy.token));
  const [big, huge, half] = await Promise.all([
    rawWebSocket(emu.url, await sid()),
    rawWebSocket(emu.url, await sid()),
    rawWebSocket(emu.url, await sid()),
  ]);
  big.socket.write(clientFrame('x'.repeat(64 * 1024 + 1)));
  huge.socket.write(clientFrame('5:1+::', { declaredLength: 90 * 1024 * 1024 }));
  half.socket.write(clientFrame('5:1+::{"name":"ping"', { declaredLength: 500 }));
  halfSent.push(half);
  expect(await big.closed).toBe(1009);
  expect(await huge.closed).toBe(1009);
}

/** Mallory floods pings and never reads the acks, until the server cuts her off. */
async function neverReads(): Promise<number> {
  const raw = await rawWebSocket(emu.url, await sidOf(await handshake(emu.url, mallory.token)));
  raw.stopReading();
  let ended = false;
  void raw.closed.then(() => (ended = true));
  raw.socket.on('error', () => (ended = true));
  let sent = 0;
  while (!ended && sent < 2_000_000) {
    const batch = Array.from({ length: 10_000 }, () => clientFrame(`5:${++sent}+::{"name":"p"}`));
    if (!raw.socket.write(Buffer.concat(batch))) {
      await new Promise((resolve) => {
        raw.socket.once('drain', resolve);
        raw.socket.once('close', resolve);
      });
    }
  }
  expect(ended).toBe(true);
  return sent;
}

/** Bob sends his messages one after another; returns their ids. */
async function bobSends(round: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < messagesPerRound; i++) {
    const sent = await call(emu.url, threadPath(threadId, '/messages'), {
      token: bob.token,
      body: { content: `round ${round}, message ${i}` },
    });
    expect(sent.status).toBe(201);
    ids.push(sent.body.id);
  }
  return ids;
}

describe('the real-time channel under hostile clients', () => {
  it('keeps serving, and a normal user receives every message once', async () => {
    const annSocket = await connectRealtime(emu.url, ann.token);
    const ids: string[] = [];
    const floods: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [sent] = await Promise.all([
        bobSends(round),
        malformedUpgrades(),
        socketStorm(),
        handshakeStorm(),
        badFrames(),
        round % 3 === 0 ? neverReads().then((count) => floods.push(count)) : undefined,
      ]);
      ids.push(...sent);
    }
    // Delivery is in order: once the last message is there, every earlier one has come.
    await annSocket.notification(200, (body) => body.messageId === ids.at(-1));
    const received = annSocket.notifications
      .filter((body) => body.eventId === 200)
      .map((body) => body.messageId);
    expect(received).toEqual(ids);
    expect(annSocket.frames.some((frame) => frame.startsWith('0:'))).toBe(false);
    annSocket.send('5:1+::{"name":"ping"}');
    await annSocket.frame((frame) => frame === '6:::1');
    expect((await call(emu.url, '/chat/threads', { token: ann.token })).status).toBe(200);
    expect(erinsHandshakes).toBeLessThanOrEqual(32);
    // Half-sent frames are held until the heartbeat timeout; they count against Trudy only.
    expect(emu.emulator.realtime.connectionCount(trudy.userId)).toBe(halfSent.length);
    expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
    console.log(
      `soak: ${rounds} rounds, ${ids.length} messages all received once; ` +
        `never-reading clients cut off after ${floods.join(', ')} pings`,
    );
    for (const { socket } of halfSent) socket.destroy();
    annSocket.close();
    // A generous ceiling for a loaded machine: nothing above waits for time, only for states.
  }, 120_000);
});
