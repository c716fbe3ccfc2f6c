// The real-time channel's bounds, each met by a hostile client while the sockets already open
// keep working: frame size, a reader that never reads, a frame never finished, and per-user caps
// on sockets and on handshakes. Past a cap the newcomer is refused, never the established.
import { describe, expect, it, vi } from 'vitest';
import {
  handshake,
  openSocket,
  realtimeTestbed,
  type RealtimeTestClient,
} from '../support/realtime-client.ts';
import { call } from './helpers.ts';
import { clientFrame, rawWebSocket } from './raw-http.ts';

const bed = realtimeTestbed();
const connect = bed.connect;

async function sidFor(token: string): Promise<string> {
  const res = await handshake(bed.emu.url, token);
  expect(res.status).toBe(200);
  return (await res.text()).split(':')[0]!;
}

/** Pings on the socket and waits for the ack: the socket is open and served. */
let pings = 1000;
async function answers(client: RealtimeTestClient) {
  const id = ++pings;
  client.send(`5:${id}+::{"name":"ping"}`);
  await client.frame((frame) => frame === `6:::${id}`);
}

/** Each socket receives the event of a thread the user creates. */
async function allReceive(token: string, sockets: RealtimeTestClient[]) {
  const created = await call(bed.emu.url, '/chat/threads', {
    token,
    body: { topic: 'Still here' },
  });
  const threadId = created.body.chatThread.id as string;
  for (const socket of sockets) {
    await socket.notification(257, (body) => body.threadId === threadId);
  }
}

describe('frames', () => {
  it('takes a frame of 64 KiB and ends a socket that sends more (1009), not the others', async () => {
    const eve = await bed.emu.user();
    const [big, other] = [await connect(eve.token), await connect(eve.token)];
    const prefix = '5:7+::';
    big.send(`${prefix}${'x'.repeat(64 * 1024 - prefix.length)}`);
    await big.frame((frame) => frame === '6:::7');
    big.send('x'.repeat(64 * 1024 + 1));
    // Frames are read in order: were the big one taken, this ping would be acked.
    big.send('5:8+::{"name":"ping"}');
    const outcome = await Promise.race([
      big.closed.then((code) => ({ closed: code })),
      big.frame((frame) => frame === '6:::8').then(() => 'taken'),
    ]);
    expect(outcome).toEqual({ closed: 1009 });
    await answers(other);
  });

  it('ends a socket whose frame announces 90 MiB before any of it arrives', async () => {
    const eve = await bed.emu.user();
    const raw = await rawWebSocket(bed.emu.url, await sidFor(eve.token));
    raw.socket.write(clientFrame('5:1+::', { declaredLength: 90 * 1024 * 1024 }));
    expect(await raw.closed).toBe(1009);
    expect(bed.emu.emulator.realtime.connectionCount(eve.userId)).toBe(0);
  });

  it('cuts off a client that never reads, at a bounded send buffer, and serves the others', async () => {
    const [eve, ann] = [await bed.emu.user(), await bed.emu.user()];
    const annSocket = await connect(ann.token);
    const raw = await rawWebSocket(bed.emu.url, await sidFor(eve.token));
    raw.stopReading();
    let ended = false;
    void raw.closed.then(() => (ended = true));
    raw.socket.on('error', () => (ended = true));
    // Each ping wants an ack the client never reads. Without a bound the server would queue
    // every ack; 2 million of them are 24 MB, far past the buffers of the network and the bound.
    let sent = 0;
    while (!ended && sent < 2_000_000) {
      const batch = Array.from({ length: 10_000 }, () =>
        clientFrame(`5:${++sent}+::{"name":"ping"}`),
      );
      if (!raw.socket.write(Buffer.concat(batch))) {
        await new Promise((resolve) => {
          raw.socket.once('drain', resolve);
          raw.socket.once('close', resolve);
        });
      }
    }
    console.log(`a client that never reads was cut off after ${sent} pings`);
    expect(ended).toBe(true);
    await allReceive(ann.token, [annSocket]);
  });
});

describe('silence', () => {
  it('ends a socket stuck halfway through a frame once it has been silent past the heartbeat timeout', async () => {
    // The channel's periodic timers, faked: the test moves time, so no bound depends on load.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const [eve, ann] = [await bed.emu.user(), await bed.emu.user()];
    const raw = await rawWebSocket(bed.emu.url, await sidFor(eve.token));
    raw.socket.write(clientFrame('5:1+::{"name":"pi', { declaredLength: 200 }));
    const annSocket = await connect(ann.token);
    // 60 s of silence is what the handshake announces (sid:60:60): no socket is ended sooner.
    await vi.advanceTimersByTimeAsync(30_000);
    await answers(annSocket);
    await vi.advanceTimersByTimeAsync(30_000);
    await answers(annSocket);
    expect(bed.emu.emulator.realtime.connectionCount(eve.userId)).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(bed.emu.emulator.realtime.connectionCount(eve.userId)).toBe(0);
    await raw.closed;
    // Ann spoke at every check: hers is open and served.
    await answers(annSocket);
    await allReceive(ann.token, [annSocket]);
  });
});

describe('per-user caps', () => {
  it('opens 16 sockets for a user, refuses the 17th (429) and keeps the 16', async () => {
    const eve = await bed.emu.user();
    const open: RealtimeTestClient[] = [];
    for (let i = 0; i < 15; i++) open.push(await connect(eve.token));
    // Two handshakes while 15 are open: the first socket makes 16, the second is one too many.
    const [first, second] = [await sidFor(eve.token), await sidFor(eve.token)];
    const sixteenth = await openSocket(bed.emu.url, first);
    bed.track(sixteenth);
    open.push(sixteenth);
    await sixteenth.frame((frame) => frame.includes('"trouter.connected"'));
    await expect(openSocket(bed.emu.url, second)).rejects.toThrow(/HTTP 429/);
    const refused = await handshake(bed.emu.url, eve.token);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatchObject({ code: 'TooManyRequests' });
    expect(bed.emu.emulator.realtime.connectionCount(eve.userId)).toBe(16);
    await allReceive(eve.token, open);
    // One closes: there is room again.
    open[0]!.close();
    await open[0]!.closed;
    await connect(eve.token);
  });

  it('holds 32 unused handshakes for a user, refuses the 33rd until one lapses', async () => {
    const [eve, ann] = [await bed.emu.user(), await bed.emu.user()];
    for (let i = 0; i < 32; i++) await sidFor(eve.token);
    const refused = await handshake(bed.emu.url, eve.token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after-ms')).toBe('60000');
    expect((await refused.json()).error.code).toBe('TooManyRequests');
    // Another user is not affected.
    await connect(ann.token);
    bed.advance(30_000);
    expect((await handshake(bed.emu.url, eve.token)).headers.get('retry-after-ms')).toBe('30000');
    bed.advance(30_000);
    await connect(eve.token);
  });
});
