// What ChatRealtimeClient puts on the wire, request by request and frame by frame, checked against
// what the official client sends (acs-realtime-protocol.md, read from @azure/communication-chat
// 1.6.0 and @azure/communication-signaling 1.0.0-beta.34): wherever the service could depend on a
// value, ours is the same; only the user agent says who we are.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatRealtimeClient } from '../../../src/core/index.ts';
import { userAgent } from '../../../src/core/realtime/trouter-settings.ts';
import { startEmulator, type TestEmulator } from '../../support/emulator.ts';
import { call } from '../../emulator/helpers.ts';
import { fetchTap, socketTap, until } from './support.ts';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** The query as sent, its keys in order and values undecoded. */
function rawQuery(url: URL | string): Array<[string, string]> {
  const query = String(url).split('?')[1] ?? '';
  return query.split('&').map((pair) => pair.split('=') as [string, string]);
}

describe('what ChatRealtimeClient sends', () => {
  it('says who it is in the user agent, with the package version', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(userAgent).toBe(`react-acs-chat/${version}`);
  });

  it('sends the official requests, query keys, headers and bodies, in the official order', async () => {
    const ann = await emu.user();
    const tap = socketTap();
    const requests = fetchTap();
    const live = new ChatRealtimeClient(`${emu.url}/`, ann.token, {
      WebSocket: tap.WebSocket,
      fetch: requests.fetch,
    });
    await live.start();
    await until(() => requests.requests.length === 4);
    const [config, allocation, handshake, register] = requests.requests;

    expect(config!.method).toBe('GET');
    expect(config!.url.href).toBe(
      `${emu.url}/chat/config/realTimeNotifications?api-version=2024-09-01`,
    );
    expect([...config!.headers.keys()].sort()).toEqual([
      'authorization',
      'x-ms-client-request-id',
      'x-ms-useragent',
    ]);
    expect(config!.headers.get('authorization')).toBe(`Bearer ${ann.token}`);
    expect(config!.headers.get('x-ms-client-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(config!.headers.get('x-ms-useragent')).toBe(userAgent);

    expect(allocation!.method).toBe('POST');
    expect(allocation!.url.pathname).toBe('/trouter/v4/a');
    const allocationQuery = rawQuery(allocation!.url);
    expect(allocationQuery.map(([key]) => key)).toEqual(['cor_id', 'con_num', 'epid']);
    const { cor_id: corId, con_num: conNum, epid } = Object.fromEntries(allocationQuery);
    expect(corId).toMatch(/^[0-9a-f-]{36}$/);
    expect(epid).toMatch(/^[0-9a-f-]{36}$/);
    expect(conNum).toMatch(/^\d{13}_1$/);
    expect([...allocation!.headers.keys()].sort()).toEqual(['content-type', 'x-skypetoken']);
    expect(allocation!.headers.get('content-type')).toBe('text/plain');
    expect(allocation!.headers.get('x-skypetoken')).toBe(ann.token);
    expect(allocation!.body).toBe('');

    expect(handshake!.method).toBe('GET');
    expect(`${handshake!.url.origin}${handshake!.url.pathname}`).toBe(`${emu.url}/socket.io/1/`);
    const handshakeQuery = rawQuery(handshake!.url);
    expect(handshakeQuery.map(([key]) => key)).toEqual([
      'se',
      'v',
      'tc',
      'timeout',
      'auth',
      'epid',
      'userActivity',
      'ccid',
      'cor_id',
      'con_num',
      't',
    ]);
    const sent = Object.fromEntries(handshakeQuery);
    expect(sent).toMatchObject({
      v: 'v4',
      timeout: '40',
      auth: 'true',
      epid,
      cor_id: corId,
      con_num: conNum,
    });
    expect(decodeURI(sent.tc!)).toBe(
      '{"cv":"2024.14.01.55","ua":"acs-chat-web","hr":"","v":"1.0.0"}',
    );
    expect(JSON.parse(decodeURI(sent.userActivity!))).toEqual({
      state: 'active',
      cv: expect.stringMatching(/^[A-Za-z0-9/+]{21}[AQgw]\.1$/),
    });
    expect([...handshake!.headers.keys()]).toEqual(['x-skypetoken']);

    // The WebSocket: the handshake's query without `t`, to /socket.io/1/websocket/{sid}.
    const socket = tap.sockets[0]!;
    const sid = /\/websocket\/([^?]+)\?/.exec(socket.url)![1];
    expect(socket.url).toBe(
      `${emu.url.replace('http', 'ws')}/socket.io/1/websocket/${sid}?${handshakeQuery
        .slice(0, -1)
        .map((pair) => pair.join('='))
        .join('&')}`,
    );

    expect(register!.method).toBe('POST');
    expect(register!.url.pathname).toBe('/registrar/v3/registrations');
    expect([...register!.headers.keys()].sort()).toEqual([
      'accept',
      'content-type',
      'x-skypetoken',
    ]);
    expect(register!.headers.get('accept')).toBe('application/json, text/javascript');
    expect(register!.headers.get('content-type')).toBe('application/json');
    const { surl } = JSON.parse(await allocation!.response!) as { surl: string };
    expect(register!.body).toBe(
      JSON.stringify({
        clientDescription: {
          appId: 'AcsWeb',
          aesKey: '',
          languageId: 'en-US',
          platform: 'SPOOL',
          templateKey: 'AcsWeb_Chat_2.1',
          platformUIVersion: '0.0.0',
        },
        registrationId: epid,
        nodeId: '',
        transports: { TROUTER: [{ context: '', path: surl, ttl: 7200 }] },
      }),
    );

    // The frames: user.activity first, numbered from 1 and acked; nothing before trouter.connected.
    await until(() => socket.received.includes('6:::1'));
    expect(socket.received.slice(0, 2)[0]).toBe('1::');
    expect(socket.received[1]).toMatch(/^5:::\{"name":"trouter\.connected"/);
    expect(socket.sent[0]).toMatch(
      /^5:1\+::\{"name":"user\.activity","args":\[\{"state":"active","cv":"[A-Za-z0-9/+]{22}\.2"\}\]\}$/,
    );

    // A reconnect: the reconnect form of the allocation, the next con_num, a new registration.
    requests.requests.length = 0;
    await call(emu.url, '/__emulator/realtime/drop', { body: { userId: ann.userId } });
    await until(() => requests.requests.length === 3 && live.state === 'connected');
    const again = requests.requests[0]!;
    expect(again.url.pathname).toBe('/v4/a');
    const againQuery = rawQuery(again.url);
    expect(againQuery.map(([key]) => key)).toEqual(['cor_id', 'con_num', 'epid', 'se', 'v']);
    expect(Object.fromEntries(againQuery)).toMatchObject({
      cor_id: corId,
      con_num: conNum!.replace(/_1$/, '_2'),
      epid,
      se: sent.se,
      v: 'v4',
    });
    expect(requests.requests.map((r) => r.url.pathname)).toEqual([
      '/v4/a',
      '/socket.io/1/',
      '/registrar/v3/registrations',
    ]);
    await live.stop();
  });
});
