// A socket lives no longer than the token its handshake carried: at expiry, on the emulator's
// clock, it is closed the way the service asks a client to refresh (`0:::{"reason":"unauthorized"}`),
// whether or not anything is being delivered to it; the client's fresh token opens a new one.
import { describe, expect, it, vi } from 'vitest';
import { handshake, openSocket, realtimeTestbed } from '../support/realtime-client.ts';
import { acs, call, threadPath } from './helpers.ts';

const unauthorized = '0:::{"reason":"unauthorized"}';
const bed = realtimeTestbed();
const connect = bed.connect;

/** A properly signed token for the user, `seconds` from the emulator's clock. */
async function tokenFor(userId: string, seconds: number): Promise<string> {
  const res = await call(bed.emu.url, '/__emulator/tokens', {
    apiVersion: null,
    body: { userId, expiresInSeconds: seconds },
  });
  expect(res.status).toBe(200);
  return res.body.token;
}

describe('a socket whose token expires', () => {
  it('is closed at the expiry with a request for a fresh token, though nothing is sent to it', async () => {
    // The emulator's timers, faked, and its clock, injected: the test moves both.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const ann = await bed.emu.user();
    const socket = await connect(await tokenFor(ann.userId, 30));
    bed.advance(29_000);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(bed.emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
    bed.advance(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(bed.emu.emulator.realtime.connectionCount(ann.userId)).toBe(0);
    await socket.closed;
    expect(socket.frames.at(-1)).toBe(unauthorized);
    // What the client does next: the expired token gets no handshake, a fresh one a socket.
    vi.useRealTimers();
    expect((await handshake(bed.emu.url, await tokenFor(ann.userId, -1))).status).toBe(401);
    await connect(await tokenFor(ann.userId, 3600));
    expect(bed.emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
  });

  it('gets no event after the expiry: the event closes it instead, and others still get it', async () => {
    const [ann, bob] = [await bed.emu.user(), await bed.emu.user()];
    const created = await call(bed.emu.url, '/chat/threads', {
      token: ann.token,
      body: { topic: 'Expiry', participants: [{ communicationIdentifier: acs(bob.userId) }] },
    });
    const threadId = created.body.chatThread.id as string;
    const annSocket = await connect(await tokenFor(ann.userId, 60));
    bed.advance(60_000);
    const bobToken = await tokenFor(bob.userId, 3600);
    const bobSocket = await connect(bobToken);
    const sent = await call(bed.emu.url, threadPath(threadId, '/messages'), {
      token: bobToken,
      body: { content: 'after Ann’s token expired' },
    });
    expect(sent.status).toBe(201);
    expect((await bobSocket.notification(200)).messageId).toBe(sent.body.id);
    // One or the other reaches Ann: the close or the event.
    const outcome = await Promise.race([
      annSocket.closed.then(() => 'closed'),
      annSocket.notification(200).then(() => 'delivered'),
    ]);
    expect(outcome).toBe('closed');
    expect(annSocket.frames.at(-1)).toBe(unauthorized);
  });

  it('that expired between its handshake and its WebSocket is closed at once', async () => {
    const ann = await bed.emu.user();
    const token = await tokenFor(ann.userId, 10);
    const sid = (await (await handshake(bed.emu.url, token)).text()).split(':')[0]!;
    bed.advance(10_000);
    const socket = await openSocket(bed.emu.url, sid);
    // The channel let it go before the client saw it open.
    expect(bed.emu.emulator.realtime.connectionCount(ann.userId)).toBe(0);
    await socket.closed;
    expect(socket.frames.at(-1)).toBe(unauthorized);
  });
});
