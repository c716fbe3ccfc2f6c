// The real-time channel's frame log (emulator.realtime.frames): what crossed each socket and which
// way, as kinds, never text; bounded like the request log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { connectRealtime } from '../support/realtime-client.ts';
import { call } from './helpers.ts';

let emu: TestEmulator;
let small: TestEmulator;
let none: TestEmulator;

beforeAll(async () => {
  [emu, small, none] = await Promise.all([
    startEmulator(),
    startEmulator({ frameLog: { limit: 3 } }),
    startEmulator({ frameLog: { limit: 0 } }),
  ]);
});
afterAll(() => Promise.all([emu.close(), small.close(), none.close()]));

/** The user's records without what tells runs apart. */
const kinds = (test: TestEmulator, userId: string) =>
  test.emulator.realtime.frames
    .filter((record) => record.userId === userId)
    .map(({ sequence: _, connectionId: __, userId: ___, ...rest }) => rest);

describe('the frame log', () => {
  it('records each socket from open to close: kinds, event names, ids, statuses, header names', async () => {
    const [ann, bob] = await Promise.all([emu.user(), emu.user()]);
    const socket = await connectRealtime(emu.url, ann.token);
    const sid = emu.emulator.realtime.frames.find((r) => r.userId === ann.userId)!.connectionId;
    socket.send('5:1+::{"name":"user.activity","args":[{"state":"active","cv":"x.1"}]}');
    await socket.frame((frame) => frame === '6:::1');
    await call(emu.url, '/chat/threads', {
      token: bob.token,
      body: { topic: 'Logged', participants: [{ communicationIdentifier: { rawId: ann.userId } }] },
    });
    const delivery = JSON.parse((await socket.frame((f) => f.startsWith('3:::'))).slice(4)) as {
      id: number;
    };
    socket.send(
      `3:::${JSON.stringify({ id: delivery.id, status: 200, headers: { 'MS-CV': 'a.0' }, body: '' })}`,
    );
    socket.send('2::');
    socket.send('not a frame');
    await call(emu.url, '/__emulator/realtime/drop', { body: { userId: ann.userId } });
    await socket.closed;

    const records = emu.emulator.realtime.frames.filter((r) => r.userId === ann.userId);
    expect(new Set(records.map((r) => r.connectionId))).toEqual(new Set([sid]));
    const sequences = records.map((r) => r.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(kinds(emu, ann.userId)).toEqual([
      { direction: 'in', kind: 'open', queryKeys: [] },
      { direction: 'out', kind: 'connect' },
      { direction: 'out', kind: 'event', name: 'trouter.connected' },
      { direction: 'in', kind: 'event', id: '1', wantsAck: true, name: 'user.activity' },
      { direction: 'out', kind: 'ack', acks: '1' },
      { direction: 'out', kind: 'message', headerNames: ['MS-CV', 'Content-Type'] },
      { direction: 'in', kind: 'message', status: 200, headerNames: ['MS-CV'] },
      { direction: 'in', kind: 'heartbeat' },
      { direction: 'in', kind: 'unparsed' },
      { direction: 'out', kind: 'close' },
    ]);
    // Nothing of a frame's text is kept: not the thread's topic, not the correlation vector.
    expect(JSON.stringify(records)).not.toMatch(/Logged|x\.1|a\.0/);
  });

  it('names the WebSocket query keys in order, and who closed the socket', async () => {
    const ann = await emu.user();
    const allocation = (await (
      await fetch(`${emu.url}/trouter/v4/a?cor_id=c&con_num=1_1&epid=e`, {
        method: 'POST',
        headers: { 'x-skypetoken': ann.token },
      })
    ).json()) as { socketio: string };
    const origin = allocation.socketio.replace(/\/$/, '');
    const sid = (
      await (
        await fetch(`${origin}/socket.io/1/?v=v4&epid=e&t=1`, {
          headers: { 'x-skypetoken': ann.token },
        })
      ).text()
    ).split(':')[0]!;
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(
      `${origin.replace(/^http/, 'ws')}/socket.io/1/websocket/${sid}?v=v4&tc=%7B%7D&epid=e&ccid`,
    );
    await new Promise((resolve) => socket.once('message', resolve));
    socket.send('0::');
    socket.close();
    await new Promise((resolve) => socket.once('close', resolve));
    const records = kinds(emu, ann.userId);
    expect(records[0]).toEqual({
      direction: 'in',
      kind: 'open',
      queryKeys: ['v', 'tc', 'epid', 'ccid'],
    });
    expect(records.slice(-2)).toEqual([
      { direction: 'in', kind: 'disconnect' },
      { direction: 'in', kind: 'close' },
    ]);
  });

  it('keeps the latest records within its limit, and none with limit 0', async () => {
    for (const test of [small, none]) {
      const ann = await test.user();
      const socket = await connectRealtime(test.url, ann.token);
      socket.send('5:1+::{"name":"ping"}');
      await socket.frame((frame) => frame === '6:::1');
      socket.close();
      await socket.closed;
    }
    expect(small.emulator.realtime.frames.map((r) => [r.direction, r.kind, r.name])).toEqual([
      ['in', 'event', 'ping'],
      ['out', 'ack', undefined],
      ['in', 'close', undefined],
    ]);
    expect(none.emulator.realtime.frames).toEqual([]);
    await expect(startEmulator({ frameLog: { limit: -1 } })).rejects.toThrow(
      'frameLog.limit must be a non-negative integer.',
    );
  });

  it('keeps what a hostile frame names short', async () => {
    const ann = await emu.user();
    const socket = await connectRealtime(emu.url, ann.token);
    // Within the 64 KiB frame cap, each name far past what a record keeps.
    const long = 'n'.repeat(500);
    const headers = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${long}${i}`, '']));
    socket.send(`5:::${JSON.stringify({ name: long })}`);
    socket.send(`3:::${JSON.stringify({ id: 1, status: 200, headers, body: '' })}`);
    socket.send(`0:::${long}`);
    socket.close();
    await socket.closed;
    const records = kinds(emu, ann.userId).filter((r) => r.direction === 'in');
    expect(records.find((r) => r.kind === 'event')!.name).toHaveLength(100);
    const message = records.find((r) => r.kind === 'message')!;
    expect(message.headerNames).toHaveLength(32);
    expect(message.headerNames!.every((name) => name.length === 100)).toBe(true);
    expect(records.find((r) => r.kind === 'disconnect')!.name).toHaveLength(100);
  });
});
