// ChatRealtimeClient's lifetime in Node against the emulator: stop() unregisters, a thousand
// starts and stops leave nothing behind, an expiring token is replaced before the socket would
// be cut, and a socket that goes quiet or stops acknowledging is replaced.
import { describe, expect, it } from 'vitest';
import { ChatClient, CommunicationTokenCredential } from '../../../src/core/index.ts';
import { fetchTap, socketTap, until, VirtualClock, realtimeClientTestbed } from './support.ts';

const bed = realtimeClientTestbed();
const client = bed.client;

const registrations = (requests: ReturnType<typeof fetchTap>['requests']) =>
  requests.filter((r) => r.url.pathname.startsWith('/registrar/'));

describe('ChatRealtimeClient lifetime', () => {
  it('stop() closes the socket and deletes the registration before it resolves', async () => {
    const ann = await bed.emu.user();
    const tap = socketTap();
    const requests = fetchTap();
    const live = client(ann.token, { WebSocket: tap.WebSocket, fetch: requests.fetch });
    await live.start();
    await until(() => registrations(requests.requests).length === 1);
    const [register] = registrations(requests.requests);
    const { registrationId } = JSON.parse(register!.body) as { registrationId: string };
    const allocation = requests.requests.find((r) => r.url.pathname.endsWith('/v4/a'))!;
    expect(allocation.url.searchParams.get('epid')).toBe(registrationId);
    await live.stop();
    const unregister = registrations(requests.requests)[1]!;
    expect(unregister.method).toBe('DELETE');
    expect(unregister.url.pathname).toBe(`/registrar/v3/registrations/${registrationId}`);
    expect([...unregister.headers.keys()].sort()).toEqual(['accept', 'x-skypetoken']);
    expect(unregister.headers.get('x-skypetoken')).toBe(ann.token);
    // Answered by the emulator before stop() resolved.
    expect(
      bed.emu.emulator.requests.some(
        (r) => r.method === 'DELETE' && r.url.endsWith(`/registrations/${registrationId}`),
      ),
    ).toBe(true);
    const socket = tap.sockets[0]!;
    expect(socket.sent.at(-1)).toBe('0::');
    expect(socket.closedByClient).toBe(true);
    await until(() => bed.emu.emulator.realtime.connectionCount(ann.userId) === 0);
  });

  it('leaves no timers, sockets or listeners behind after 1,000 starts and stops', async () => {
    const clock = new VirtualClock();
    const tap = socketTap();
    const requests = fetchTap();
    let listening = 0;
    const users: string[] = [];
    let live: ReturnType<typeof client> | undefined;
    const allocations = () => requests.requests.filter((r) => r.url.pathname.endsWith('/v4/a'));
    for (let cycle = 0; cycle < 1000; cycle++) {
      // A client stopped with its socket opening leaves its handshake unused, and the emulator
      // holds at most 32 of those per user for a minute: a new user (and client) every 20 cycles.
      if (cycle % 20 === 0) {
        const user = await bed.emu.user();
        users.push(user.userId);
        live = client(user.token, {
          clock,
          WebSocket: tap.WebSocket,
          fetch: requests.fetch,
          reconnectTrigger: () => {
            listening += 1;
            return () => (listening -= 1);
          },
        });
      }
      const started = live!.start();
      // Stopped at every stage: connected, allocating, with its socket opening, before anything.
      if (cycle % 4 === 0) {
        await started;
      } else if (cycle % 4 === 1) {
        const count = allocations().length;
        await until(() => allocations().length > count);
      } else if (cycle % 4 === 2) {
        const count = tap.sockets.length;
        await until(() => tap.sockets.length > count);
      }
      await live!.stop();
      await started.catch(() => undefined);
      expect(live!.state).toBe('stopped');
    }
    expect(clock.pending).toEqual([]);
    expect(listening).toBe(0);
    expect(tap.sockets.length).toBeGreaterThanOrEqual(500);
    for (const socket of tap.sockets) {
      expect(socket.closedByClient).toBe(true);
      expect([socket.onopen, socket.onmessage, socket.onclose, socket.onerror]).toEqual([
        null,
        null,
        null,
        null,
      ]);
    }
    await until(() => users.every((id) => bed.emu.emulator.realtime.connectionCount(id) === 0));
    // Each connected cycle unregistered what it registered.
    const posts = registrations(requests.requests).filter((r) => r.method === 'POST').length;
    const deletes = registrations(requests.requests).filter((r) => r.method === 'DELETE').length;
    expect(posts).toBeGreaterThanOrEqual(250);
    expect(deletes).toBe(posts);
  }, 180_000);

  it('replaces an expiring token before the socket would be cut, with no Disconnected', async () => {
    const [ann, bob] = await Promise.all([bed.emu.user(), bed.emu.user()]);
    const first = await bed.emu.emulator.issueToken(bob.userId, { expiresInMinutes: 60 });
    let refreshed: string | undefined;
    const credential = new CommunicationTokenCredential({
      token: first.token,
      tokenRefresher: async () =>
        (refreshed = (await bed.emu.emulator.issueToken(bob.userId)).token),
    });
    const clock = new VirtualClock();
    const tap = socketTap();
    const requests = fetchTap();
    const live = client(credential, { clock, WebSocket: tap.WebSocket, fetch: requests.fetch });
    const events: string[] = [];
    live.on('realTimeNotificationConnected', () => events.push('connected'));
    live.on('realTimeNotificationDisconnected', () => events.push('disconnected'));
    const messages: string[] = [];
    live.on('chatMessageReceived', (event) => messages.push(event.message));
    await live.start();
    // A minute before the expiry the client asks the credential for another token.
    const lead = first.expiresOn.getTime() - clock.now();
    const renewal = clock.fire((timer) => timer.ms > lead - 61_000 && timer.ms <= lead - 60_000);
    expect(renewal.ms).toBeLessThan(lead);
    await until(() => tap.sockets.length === 2 && tap.sockets[0]!.closedByClient);
    expect(credential.refreshCount).toBe(1);
    const allocations = requests.requests.filter((r) => r.url.pathname.endsWith('/v4/a'));
    expect(allocations.map((r) => r.headers.get('x-skypetoken'))).toEqual([first.token, refreshed]);
    expect(events).toEqual(['connected', 'connected']);
    expect(live.state).toBe('connected');
    const chat = new ChatClient(bed.emu.url, new CommunicationTokenCredential(ann.token));
    const { chatThread } = await chat.createChatThread(
      { topic: 'Renewed' },
      { participants: [{ id: { communicationUserId: bob.userId } }] },
    );
    await chat.getChatThreadClient(chatThread!.id).sendMessage({ content: 'still here' });
    await until(() => messages.includes('still here'));
    expect(messages).toEqual(['still here']);
    chat.close();
  });

  for (const [what, filter, timerMs] of [
    ['a ping is not acknowledged within 5 s', (frame: string) => !frame.startsWith('6:::'), 5000],
    ['user.activity is not acknowledged within 10 s', (frame: string) => frame !== '6:::1', 10_000],
    [
      'the socket is silent for its heartbeat + 2 s',
      (frame: string) => !frame.startsWith('6:::'),
      62_000,
    ],
  ] as const) {
    it(`reconnects at once, with the cached connectparams, when ${what}`, async () => {
      const ann = await bed.emu.user();
      const clock = new VirtualClock();
      const tap = socketTap();
      const requests = fetchTap();
      tap.filter = filter;
      const live = client(ann.token, { clock, WebSocket: tap.WebSocket, fetch: requests.fetch });
      const events: string[] = [];
      live.on('realTimeNotificationConnected', () => events.push('connected'));
      live.on('realTimeNotificationDisconnected', () => events.push('disconnected'));
      await live.start();
      tap.filter = () => true;
      const socket = tap.sockets[0]!;
      if (timerMs === 5000) {
        // The ping comes with the 40 s interval.
        clock.fire((timer) => timer.ms === 40_000);
        expect(socket.sent.at(-1)).toMatch(/^5:\d+\+::\{"name":"ping"\}$/);
      }
      clock.fire((timer) => timer.ms === timerMs);
      await until(() => events.length === 3);
      expect(events).toEqual(['connected', 'disconnected', 'connected']);
      expect(socket.closedByClient).toBe(true);
      const [, again] = requests.requests.filter((r) => r.url.pathname.endsWith('/v4/a'));
      expect(again!.url.pathname).toBe('/v4/a');
      expect(again!.url.searchParams.get('con_num')).toMatch(/_2$/);
    });
  }

  it('echoes heartbeats, and sends user.activity again 10 s after its first ack', async () => {
    const ann = await bed.emu.user();
    const clock = new VirtualClock();
    const tap = socketTap();
    const live = client(ann.token, { clock, WebSocket: tap.WebSocket });
    await live.start();
    const socket = tap.sockets[0]!;
    const activities = () => socket.sent.filter((frame) => frame.includes('"user.activity"'));
    await until(() => socket.received.includes('6:::1'));
    socket.serverSends('2::');
    expect(socket.sent.at(-1)).toBe('2::');
    expect(activities()).toHaveLength(1);
    // Only the resend waits 10 s now (a registration's request timer may linger a moment).
    await until(() => clock.pending.filter((timer) => timer.ms === 10_000).length === 1);
    clock.fire((timer) => timer.ms === 10_000);
    expect(activities()).toHaveLength(2);
    const cvs = activities().map(
      (frame) =>
        (JSON.parse(frame.replace(/^5:\d+\+::/, '')) as { args: [{ cv: string }] }).args[0].cv,
    );
    const base = cvs[0]!.replace(/\.\d+$/, '');
    expect(cvs).toEqual([`${base}.2`, `${base}.3`]);
    // Sent as the official client sends it: encodeURI'd, so a `+` in the vector stays a `+`.
    const raw = /[?&]userActivity=([^&]*)/.exec(socket.url)![1]!;
    expect(decodeURI(raw)).toBe(JSON.stringify({ state: 'active', cv: `${base}.1` }));
  });

  it('reconnects at once with a refreshed token after 0:::{"reason":"unauthorized"}', async () => {
    const ann = await bed.emu.user();
    const credential = new CommunicationTokenCredential({
      token: ann.token,
      // Another lifetime, so not the same token again within the same second.
      tokenRefresher: async () =>
        (await bed.emu.emulator.issueToken(ann.userId, { expiresInMinutes: 120 })).token,
    });
    const tap = socketTap();
    const requests = fetchTap();
    const live = client(credential, { WebSocket: tap.WebSocket, fetch: requests.fetch });
    await live.start();
    tap.sockets[0]!.serverSends('0:::{"reason":"unauthorized","claims":"x"}');
    expect(live.state).toBe('disconnected');
    await until(() => live.state === 'connected');
    expect(credential.refreshCount).toBe(1);
    const allocations = requests.requests.filter((r) => r.url.pathname.endsWith('/v4/a'));
    expect(allocations[1]!.headers.get('x-skypetoken')).not.toBe(ann.token);
  });

  it('stops, with the reason, on 0:::{"reason":"skypetoken-deprecated"}', async () => {
    const ann = await bed.emu.user();
    const tap = socketTap();
    const live = client(ann.token, { WebSocket: tap.WebSocket });
    const events: string[] = [];
    live.on('realTimeNotificationDisconnected', () => events.push('disconnected'));
    await live.start();
    tap.sockets[0]!.serverSends('0:::{"reason":"skypetoken-deprecated"}');
    expect(live.state).toBe('stopped');
    expect(live.error).toMatchObject({ code: 'TokenDeprecated' });
    expect(events).toEqual(['disconnected']);
    expect(tap.sockets).toHaveLength(1);
  });

  it('renews its registration 30 s before the 7200 s TTL, and retries a failed one after the back-off', async () => {
    const ann = await bed.emu.user();
    const clock = new VirtualClock();
    const requests = fetchTap();
    bed.emu.emulator.faults.add({
      method: 'POST',
      path: '/registrar/v3/registrations',
      status: 503,
      times: 1,
    });
    const live = client(ann.token, { clock, fetch: requests.fetch });
    await live.start();
    const posts = () => registrations(requests.requests).filter((r) => r.method === 'POST');
    await until(
      () => posts().length === 1 && clock.pending.some((t) => t.ms >= 800 && t.ms <= 1200),
    );
    clock.fire((timer) => timer.ms >= 800 && timer.ms <= 1200);
    await until(() => clock.pending.some((timer) => timer.ms === 7_170_000));
    clock.fire((timer) => timer.ms === 7_170_000);
    await until(() => posts().length === 3);
    const bodies = posts().map(
      (r) => JSON.parse(r.body) as { transports: { TROUTER: [{ ttl: number; path: string }] } },
    );
    expect(bodies.map((b) => b.transports.TROUTER[0].ttl)).toEqual([7200, 7200, 7200]);
    expect(new Set(bodies.map((b) => b.transports.TROUTER[0].path)).size).toBe(1);
    expect(live.state).toBe('connected');
  });
});
