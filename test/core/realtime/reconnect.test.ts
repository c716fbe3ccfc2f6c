// ChatRealtimeClient losing and regaining its connection, in Node against the emulator over real
// sockets: drops, refused tokens, the server asking to move, lost notifications, and a wake-up
// that does not wait out the back-off. Time is a VirtualClock where the test must not wait.
import { describe, expect, it } from 'vitest';
import {
  ChatRealtimeClient,
  CommunicationTokenCredential,
  type AccessToken,
  type ChatRealtimeStateChangedEvent,
  type TokenCredentialLike,
} from '../../../src/core/index.ts';
import { call } from '../../emulator/helpers.ts';
import { fetchTap, socketTap, until, VirtualClock, realtimeClientTestbed } from './support.ts';

const bed = realtimeClientTestbed();
const client = bed.client;
const chatOf = bed.chat;

function record(live: ChatRealtimeClient) {
  const states: ChatRealtimeStateChangedEvent[] = [];
  const events: string[] = [];
  live.on('stateChanged', (event) => states.push(event));
  live.on('realTimeNotificationConnected', () => events.push('connected'));
  live.on('realTimeNotificationDisconnected', () => events.push('disconnected'));
  return { states, events };
}

/** A credential that gives what the test scripts: `current` until refreshed, then the queue. */
class ScriptedCredential implements TokenCredentialLike {
  current: string;
  queue: string[] = [];
  refreshes: string[] = [];
  constructor(token: string) {
    this.current = token;
  }
  async getToken(): Promise<AccessToken> {
    return { token: this.current, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
  async refreshAfterRejection(rejected: string): Promise<AccessToken | undefined> {
    this.refreshes.push(rejected);
    this.current = this.queue.shift() ?? this.current;
    return this.getToken();
  }
  dispose(): void {}
}

/** The token with its signature broken: the emulator refuses it (401). */
const forged = (token: string, n: number) => `${token.slice(0, -6)}AAAA${n}A`;

async function threadFor(owner: string, others: string[]) {
  const chat = chatOf(owner);
  const { chatThread } = await chat.createChatThread(
    { topic: 'Reconnects' },
    { participants: others.map((id) => ({ id: { communicationUserId: id } })) },
  );
  return chat.getChatThreadClient(chatThread!.id);
}

describe('ChatRealtimeClient reconnecting', () => {
  it('loses nothing and doubles nothing when every socket drops while 10 messages are sent', async () => {
    const [ann, bob] = await Promise.all([bed.emu.user(), bed.emu.user()]);
    const thread = await threadFor(ann.token, [bob.userId]);
    const live = client(bob.token);
    const { events } = record(live);
    // What an app does with it: merge events by id, and after a reconnect list what came meanwhile.
    const heard = new Map<string, number>();
    const have = new Set<string>();
    live.on('chatMessageReceived', (event) => {
      if (event.type !== 'Text') return;
      heard.set(event.id, (heard.get(event.id) ?? 0) + 1);
      have.add(event.id);
    });
    let resyncs = 0;
    live.on('realTimeNotificationConnected', () => {
      if (!events.includes('disconnected')) return;
      resyncs += 1;
      void (async () => {
        const bobs = chatOf(bob.token).getChatThreadClient(thread.threadId);
        for await (const message of bobs.listMessages()) {
          if (message.type === 'text') have.add(message.id);
        }
      })();
    });
    await live.start();
    const sends = Array.from({ length: 10 }, async (_, n) => {
      if (n === 3) await call(bed.emu.url, '/__emulator/realtime/drop', { method: 'POST' });
      return (await thread.sendMessage({ content: `m${n}` })).id;
    });
    const sent = await Promise.all(sends);
    await until(() => sent.every((id) => have.has(id)) && live.state === 'connected');
    expect(events).toEqual(['connected', 'disconnected', 'connected']);
    expect(resyncs).toBe(1);
    expect([...heard.values()].every((count) => count === 1)).toBe(true);
    expect([...have].sort()).toEqual([...sent].sort());
    // And what comes after the reconnect arrives by events alone.
    const { id } = await thread.sendMessage({ content: 'after' });
    await until(() => heard.get(id) === 1);
  });

  it('reconnects after a token refused four times, refreshing it through the credential with back-off', async () => {
    const bob = await bed.emu.user();
    const credential = new ScriptedCredential(bob.token);
    const clock = new VirtualClock();
    const live = client(credential, { clock });
    const { states, events } = record(live);
    await live.start();
    // The token in use is revoked: each refresh gives another refused one, until the fifth.
    credential.current = forged(bob.token, 1);
    credential.queue = [
      forged(bob.token, 2),
      forged(bob.token, 3),
      forged(bob.token, 4),
      bob.token,
    ];
    bed.emu.emulator.clearRequests();
    await call(bed.emu.url, '/__emulator/realtime/drop', { body: { userId: bob.userId } });
    await until(() => live.state === 'disconnected');
    const waits: number[] = [];
    const connected = () => live.state === 'connected';
    const refusals = () => states.filter((state) => state.error?.statusCode === 401).length;
    while (!connected()) {
      // Each refusal leaves one timer, the retry after the back-off, which the test fires.
      await until(() => connected() || (refusals() > waits.length && clock.pending.length === 1));
      if (connected()) break;
      expect(live.error).toMatchObject({ code: 'Unauthorized', statusCode: 401 });
      waits.push(clock.fire().ms);
    }
    expect(waits).toHaveLength(4);
    waits.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(800 * 2 ** n);
      expect(ms).toBeLessThanOrEqual(1200 * 2 ** n);
    });
    expect(credential.refreshes).toEqual([1, 2, 3, 4].map((n) => forged(bob.token, n)));
    const allocations = bed.emu.emulator.requests.filter((r) => /\/v4\/a\?/.test(r.url));
    expect(allocations.map((r) => r.refused === true)).toEqual([true, true, true, true, false]);
    expect(events).toEqual(['connected', 'disconnected', 'connected']);
    expect(states.at(-1)).toEqual({ state: 'connected' });
  });

  it('stops with the reason, never silently, when the credential has no other token to give', async () => {
    const bob = await bed.emu.user();
    const live = client(new CommunicationTokenCredential(forged(bob.token, 1)));
    const { states } = record(live);
    const failure = await live.start().catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ChatError', code: 'Unauthorized', statusCode: 401 });
    expect((failure as Error).message).toMatch(/tokenRefresher/);
    expect(live.state).toBe('stopped');
    expect(live.error).toBe(failure);
    expect(states.at(-1)).toEqual({ state: 'stopped', error: failure });
  });

  it('stops with the reason when the credential is disposed while reconnecting', async () => {
    const bob = await bed.emu.user();
    const credential = new CommunicationTokenCredential({
      tokenRefresher: async () => bob.token,
      token: bob.token,
    });
    const live = client(credential);
    const { events } = record(live);
    await live.start();
    credential.dispose();
    await call(bed.emu.url, '/__emulator/realtime/drop', { body: { userId: bob.userId } });
    await until(() => live.state === 'stopped');
    expect(live.error).toMatchObject({ code: 'CredentialDisposed' });
    expect(events).toEqual(['connected', 'disconnected']);
  });

  it('keeps retrying with back-off while the service fails, saying why, and reconnects at once on a wake-up', async () => {
    const bob = await bed.emu.user();
    const clock = new VirtualClock();
    let wake: (() => void) | undefined;
    let listening = 0;
    const tap = socketTap();
    const live = client(bob.token, {
      clock,
      WebSocket: tap.WebSocket,
      reconnectTrigger: (callback) => {
        wake = callback;
        listening += 1;
        return () => (listening -= 1);
      },
    });
    const { states } = record(live);
    bed.emu.emulator.faults.add({ method: 'POST', path: '/trouter/v4/a', status: 503, times: 2 });
    const started = live.start();
    expect(listening).toBe(1);
    await until(() => live.error?.statusCode === 503 && clock.pending.length === 1);
    expect(live.state).toBe('connecting');
    // The back-off is waited out once...
    expect(clock.fire().ms).toBeGreaterThanOrEqual(800);
    await until(() => states.filter((s) => s.error?.statusCode === 503).length === 2);
    await until(() => clock.pending.length === 1);
    // ...and then the network is back: no waiting for the second one.
    wake!();
    await started;
    expect(live.state).toBe('connected');
    expect(clock.pending.every((timer) => timer.ms < 800 || timer.ms > 4000)).toBe(true);
    // While connected, a wake-up checks the socket with a ping.
    const socket = tap.sockets[0]!;
    const pings = () => socket.sent.filter((frame) => frame.endsWith('::{"name":"ping"}')).length;
    const before = pings();
    await until(() => !clock.pending.some((timer) => timer.ms === 5000));
    wake!();
    expect(pings()).toBe(before + 1);
    await live.stop();
    expect(listening).toBe(0);
  });

  it('moves to a new connection when the service sends trouter.reconnect, with no Disconnected between', async () => {
    const [ann, bob] = await Promise.all([bed.emu.user(), bed.emu.user()]);
    const thread = await threadFor(ann.token, [bob.userId]);
    const tap = socketTap();
    const requests = fetchTap();
    const live = client(bob.token, { WebSocket: tap.WebSocket, fetch: requests.fetch });
    const { events } = record(live);
    const messages: string[] = [];
    live.on('chatMessageReceived', (event) => messages.push(event.id));
    await live.start();
    const first = tap.sockets[0]!;
    first.serverSends('5:::{"name":"trouter.reconnect","args":[{"target":"self"}]}');
    await until(() => tap.sockets.length === 2 && first.closedByClient);
    expect(live.state).toBe('connected');
    expect(events).toEqual(['connected', 'connected']);
    expect(first.sent.at(-1)).toBe('0::');
    const allocations = requests.requests.filter((r) => r.url.pathname.endsWith('/v4/a'));
    expect(allocations).toHaveLength(2);
    // The same deployment: the reconnect form, with the connectparams the first allocation gave.
    expect(allocations[1]!.url.pathname).toBe('/v4/a');
    expect(allocations[1]!.url.searchParams.get('se')).toMatch(/^\d+$/);
    expect(allocations[1]!.url.searchParams.get('v')).toBe('v4');
    expect(allocations[1]!.url.searchParams.get('con_num')).toMatch(/^\d+_1$/);
    await until(
      () => requests.requests.filter((r) => r.url.pathname.endsWith('/registrations')).length === 2,
    );
    const { id } = await thread.sendMessage({ content: 'on the new socket' });
    await until(() => messages.includes(id));
    expect(messages.filter((m) => m === id)).toHaveLength(1);
  });

  it('emits the same body twice on one socket, and once when the next connection delivers it again', async () => {
    const [ann, bob] = await Promise.all([bed.emu.user(), bed.emu.user()]);
    const thread = await threadFor(ann.token, [bob.userId]);
    const tap = socketTap();
    const live = client(bob.token, { WebSocket: tap.WebSocket });
    let typing = 0;
    live.on('typingIndicatorReceived', () => void typing++);
    const messages: string[] = [];
    live.on('chatMessageReceived', (event) => messages.push(event.id));
    await live.start();
    const first = tap.sockets[0]!;
    const deliveries = (socket: typeof first) =>
      socket.received.filter((f) => f.startsWith('3:::') && f.includes('245'));
    await thread.sendTypingNotification();
    await until(() => typing === 1);
    const frame = deliveries(first)[0]!;
    // Two notifications in one millisecond read alike: both are events.
    first.serverSends(frame);
    expect(typing).toBe(2);
    first.serverSends('5:::{"name":"trouter.reconnect","args":[{"target":"self"}]}');
    await until(() => tap.sockets.length === 2 && first.closedByClient);
    const second = tap.sockets[1]!;
    // The new socket is the one heard (once registered): a message on it is an event.
    const { id } = await thread.sendMessage({ content: 'on the new socket' });
    await until(() => messages.includes(id) && second.received.some((f) => f.includes(id)));
    // A copy of what the first socket delivered, delivered again on the next: no event.
    second.serverSends(frame);
    expect(typing).toBe(2);
    // And the new socket's own delivery twice on it: two events.
    const own = second.received.find((f) => f.startsWith('3:::') && f.includes(id))!;
    second.serverSends(own);
    expect(messages.filter((m) => m === id)).toHaveLength(2);
  });

  it('reports trouter.message_loss for a resync, and tells the service it was processed', async () => {
    const bob = await bed.emu.user();
    const tap = socketTap();
    const live = client(bob.token, { WebSocket: tap.WebSocket });
    const losses: string[][] = [];
    live.on('realTimeNotificationMessageLoss', (event) => losses.push(event.tags));
    await live.start();
    const socket = tap.sockets[0]!;
    const indicators = [{ tag: 'chat', etag: 'e1' }];
    socket.serverSends(
      `5:::${JSON.stringify({ name: 'trouter.message_loss', args: [{ droppedIndicators: indicators }] })}`,
    );
    expect(losses).toEqual([['chat']]);
    expect(socket.sent.at(-1)).toMatch(
      new RegExp(
        `^5:\\d+\\+::${JSON.stringify({ name: 'trouter.processed_message_loss', args: [{ droppedIndicators: indicators }] }).replace(/[[\]{}]/g, '\\$&')}$`,
      ),
    );
  });

  it('drops a frame longer than maxFrameLength, reports it as lost, and stays connected', async () => {
    const [ann, bob] = await Promise.all([bed.emu.user(), bed.emu.user()]);
    const thread = await threadFor(ann.token, [bob.userId]);
    const tap = socketTap();
    const live = client(bob.token, { WebSocket: tap.WebSocket, maxFrameLength: 4096 });
    const losses: string[][] = [];
    const messages: string[] = [];
    live.on('realTimeNotificationMessageLoss', (event) => losses.push(event.tags));
    live.on('chatMessageReceived', (event) => messages.push(event.message));
    await live.start();
    const { id } = await thread.sendMessage({ content: 'x'.repeat(5000) });
    await until(() => losses.length === 1);
    expect(losses).toEqual([[]]);
    expect(tap.sockets[0]!.sent.some((frame) => frame.includes(id))).toBe(false);
    await thread.sendMessage({ content: 'short' });
    await until(() => messages.includes('short'));
    expect(messages).toEqual(['short']);
    expect(live.state).toBe('connected');
  });
});
