import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import {
  allocate,
  connectRealtime,
  handshake,
  openSocket,
  type RealtimeTestClient,
} from '../support/realtime-client.ts';
import { call } from './helpers.ts';

let emu: TestEmulator;
const clients: RealtimeTestClient[] = [];
const connect = async (token: string) => {
  const client = await connectRealtime(emu.url, token);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  emu = await startEmulator();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => emu.close());

async function thread(creator: string, others: string[], topic = 'Realtime') {
  const res = await call(emu.url, '/chat/threads', {
    token: creator,
    body: { topic, participants: others.map((id) => ({ communicationIdentifier: { rawId: id } })) },
  });
  expect(res.status).toBe(201);
  return res.body.chatThread.id as string;
}

describe('real-time configuration, allocation, handshake, registrar', () => {
  it('answers the configuration with URLs on this emulator, for a Bearer token only', async () => {
    const ann = await emu.user();
    const res = await call(emu.url, '/chat/config/realTimeNotifications', {
      token: ann.token,
      apiVersion: '2024-09-01',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      trouterServiceUrl: `${emu.url}/trouter`,
      registrarServiceUrl: `${emu.url}/registrar`,
      cloudType: 'Public',
    });
    const anonymous = await call(emu.url, '/chat/config/realTimeNotifications', {
      apiVersion: '2024-09-01',
    });
    expect(anonymous.status).toBe(401);
  });

  it('allocates a connection whose socket is at the root of the origin, at both allocation URLs', async () => {
    const ann = await emu.user();
    const res = await allocate(emu.url, ann.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.socketio).toBe(`${emu.url}/`);
    expect(body).toMatchObject({ url: expect.any(String), surl: expect.any(String) });
    const params = body.connectparams as Record<string, string>;
    for (const value of Object.values(params)) expect(value).toMatch(/^[A-Za-z0-9]+$/);
    // The reconnect form: `{socketio}v4/a` with the cached parameters appended.
    const again = await fetch(`${emu.url}/v4/a?cor_id=c&con_num=1_2&epid=e&se=${params.se}&v=v4`, {
      method: 'POST',
      headers: { 'x-skypetoken': ann.token },
    });
    expect(again.status).toBe(200);
  });

  it('gives an expired, invalid or missing token no allocation and no handshake (401)', async () => {
    const ann = await emu.user();
    const expired = await emu.emulator.issueToken(ann.userId, {
      expiresOn: new Date(Date.now() - 60_000),
    });
    for (const token of [expired.token, `${ann.token.slice(0, -4)}AAAA`, '']) {
      expect((await allocate(emu.url, token)).status).toBe(401);
      expect((await handshake(emu.url, token)).status).toBe(401);
    }
  });

  it('hands out a socket.io session offering the websocket transport', async () => {
    const ann = await emu.user();
    const res = await handshake(emu.url, ann.token);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^[A-Za-z0-9]+:60:60:websocket$/);
  });

  it('accepts registrations and their deletion', async () => {
    const ann = await emu.user();
    const register = await fetch(`${emu.url}/registrar/v3/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-skypetoken': ann.token },
      body: JSON.stringify({
        clientDescription: { appId: 'AcsWeb', templateKey: 'AcsWeb_Chat_2.1' },
        registrationId: 'e',
        nodeId: '',
        transports: { TROUTER: [{ context: '', path: `${emu.url}/v4/f/x/`, ttl: 7200 }] },
      }),
    });
    expect(register.ok).toBe(true);
    const unregister = await fetch(`${emu.url}/registrar/v3/registrations/e`, {
      method: 'DELETE',
      headers: { 'x-skypetoken': ann.token },
    });
    expect(unregister.ok).toBe(true);
    const anonymous = await fetch(`${emu.url}/registrar/v3/registrations/e`, { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
  });

  it('lets a browser on another origin send X-Skypetoken (CORS preflight)', async () => {
    for (const [method, path] of [
      ['POST', '/trouter/v4/a'],
      ['GET', '/socket.io/1/'],
      ['POST', '/registrar/v3/registrations'],
      ['DELETE', '/registrar/v3/registrations/e'],
    ] as const) {
      const res = await fetch(`${emu.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': method,
          'access-control-request-headers': 'content-type,x-skypetoken',
        },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(res.headers.get('access-control-allow-methods')).toContain(method);
      expect(res.headers.get('access-control-allow-headers')).toContain('x-skypetoken');
    }
  });
});

describe('the real-time socket', () => {
  it('connects with socket.io connect then trouter.connected, and acks numbered events', async () => {
    const ann = await emu.user();
    const client = await connect(ann.token);
    expect(client.frames[0]).toBe('1::');
    const connected = JSON.parse(client.frames[1]!.replace(/^5:::/, '')) as {
      name: string;
      args: Array<Record<string, unknown>>;
    };
    expect(connected.name).toBe('trouter.connected');
    expect(connected.args[0]).not.toHaveProperty('connectparams');
    client.send('5:1+::{"name":"user.activity","args":[{"state":"active","cv":"x.1"}]}');
    client.send('5:2+::{"name":"ping"}');
    await client.frame((frame) => frame === '6:::1');
    await client.frame((frame) => frame === '6:::2');
  });

  it('refuses a socket for a session no handshake made, or one already used', async () => {
    const ann = await emu.user();
    await expect(openSocket(emu.url, 'nosuchsession')).rejects.toThrow(/HTTP 401/);
    const sid = (await (await handshake(emu.url, ann.token)).text()).split(':')[0]!;
    clients.push(await openSocket(emu.url, sid));
    await expect(openSocket(emu.url, sid)).rejects.toThrow(/HTTP 401/);
  });

  it('forgets handshakes at reset: a session from before it opens no socket', async () => {
    const own = await startEmulator();
    try {
      const ann = await own.user();
      const sid = (await (await handshake(own.url, ann.token)).text()).split(':')[0]!;
      expect((await call(own.url, '/__emulator/reset', { method: 'POST' })).status).toBe(204);
      await expect(openSocket(own.url, sid)).rejects.toThrow(/HTTP 401/);
      expect(own.emulator.realtime.connectionCount()).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('delivers a message to every participant (sender included), not to others', async () => {
    const [ann, bob, eve] = await Promise.all([emu.user(), emu.user(), emu.user()]);
    const threadId = await thread(ann.token, [bob.userId]);
    const [annSocket, bobSocket, eveSocket] = await Promise.all([
      connect(ann.token),
      connect(bob.token),
      connect(eve.token),
    ]);
    const sent = await call(emu.url, `/chat/threads/${encodeURIComponent(threadId)}/messages`, {
      token: ann.token,
      body: { content: 'hello', senderDisplayName: 'Ann', metadata: { tag: 'x' } },
    });
    expect(sent.status).toBe(201);
    for (const [socket, user] of [
      [annSocket, ann],
      [bobSocket, bob],
    ] as const) {
      const body = await socket.notification(200);
      expect(body).toMatchObject({
        eventId: 200,
        groupId: threadId,
        senderId: ann.userId,
        senderDisplayName: 'Ann',
        recipientMri: user.userId,
        messageId: sent.body.id,
        messageType: 'Text',
        messageBody: 'hello',
      });
      expect(JSON.parse(body.acsChatMessageMetadata as string)).toEqual({ tag: 'x' });
    }
    // Eve is in no thread: a later message to her own thread is the first thing she receives.
    const evesThread = await thread(eve.token, []);
    await call(emu.url, `/chat/threads/${encodeURIComponent(evesThread)}/messages`, {
      token: eve.token,
      body: { content: 'alone' },
    });
    const first = await eveSocket.notification(200);
    expect(first.groupId).toBe(evesThread);
    expect(eveSocket.notifications.every((body) => body.groupId !== threadId)).toBe(true);
  });

  it('tells a removed participant of the removal and of nothing after it', async () => {
    const [ann, bob] = await Promise.all([emu.user(), emu.user()]);
    const threadId = await thread(ann.token, [bob.userId]);
    const [annSocket, bobSocket] = await Promise.all([connect(ann.token), connect(bob.token)]);
    const path = `/chat/threads/${encodeURIComponent(threadId)}`;
    const removed = await call(emu.url, `${path}/participants/:remove`, {
      token: ann.token,
      body: { rawId: bob.userId },
    });
    expect(removed.status).toBe(204);
    const removal = await bobSocket.notification(261);
    expect(JSON.parse(removal.participantsRemoved as string)).toEqual([
      { participantId: bob.userId, displayName: '' },
    ]);
    await call(emu.url, `${path}/messages`, { token: ann.token, body: { content: 'after' } });
    await annSocket.notification(200);
    // Bob's next delivery would follow Ann's on the same emitter; a typing event proves the order.
    const bobsThread = await thread(bob.token, []);
    await call(emu.url, `/chat/threads/${encodeURIComponent(bobsThread)}/typing`, {
      token: bob.token,
      body: {},
    });
    await bobSocket.notification(245);
    expect(bobSocket.notifications.some((body) => body.eventId === 200)).toBe(false);
  });

  it('drops one user’s sockets or everyone’s through the admin route', async () => {
    const [ann, bob] = await Promise.all([emu.user(), emu.user()]);
    const [annSocket, bobSocket] = await Promise.all([connect(ann.token), connect(bob.token)]);
    const one = await call(emu.url, '/__emulator/realtime/drop', { body: { userId: ann.userId } });
    expect(one.body).toEqual({ dropped: 1 });
    await annSocket.closed;
    expect(emu.emulator.realtime.connectionCount(bob.userId)).toBe(1);
    const all = await call(emu.url, '/__emulator/realtime/drop', { method: 'POST' });
    expect(all.body.dropped).toBeGreaterThanOrEqual(1);
    await bobSocket.closed;
    expect(emu.emulator.realtime.connectionCount()).toBe(0);
  });
});
