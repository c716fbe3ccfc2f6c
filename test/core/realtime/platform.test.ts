// ChatRealtimeClient needs nothing of a browser: it runs on the platform's own fetch and WebSocket
// (Node 22+'s here), reads no global when imported, and looks for the browser's `online` and
// `visibilitychange` only when it starts, and only where they exist.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ChatRealtimeClient } from '../../../src/core/index.ts';
import type { ChatRealtimeSource } from '../../../src/react/realtime/realtime-source.ts';
import { startEmulator, type TestEmulator } from '../../support/emulator.ts';
import { until, VirtualClock } from './support.ts';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('ChatRealtimeClient on any platform', () => {
  it('connects with the global fetch and WebSocket and no options', async () => {
    const ann = await emu.user();
    const live = new ChatRealtimeClient(emu.url, ann.token);
    await live.start();
    expect(emu.emulator.realtime.connectionCount(ann.userId)).toBe(1);
    await live.stop();
  });

  it('reads no global when imported: not fetch, WebSocket, timers, crypto, nor any DOM name', () => {
    const poisoned = [
      'WebSocket',
      'fetch',
      'addEventListener',
      'removeEventListener',
      'document',
      'window',
      'location',
      'navigator',
      'XMLHttpRequest',
      'setTimeout',
      'setInterval',
      'crypto',
    ];
    const script = `
      for (const name of ${JSON.stringify(poisoned)}) {
        Object.defineProperty(globalThis, name, {
          configurable: true,
          get() { throw new Error('read ' + name + ' at import'); },
        });
      }
      const core = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/core/index.ts', import.meta.url)))});
      process.stdout.write(typeof core.ChatRealtimeClient);
    `;
    const output = execFileSync(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(output).toBe('function');
  });

  it('listens to online and visibilitychange where they exist, from start() to stop()', async () => {
    const ann = await emu.user();
    const scope = globalThis as unknown as Record<string, unknown>;
    const page = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const window = new EventTarget();
    const counts = { added: 0, removed: 0 };
    // Virtual time: the back-off never ends by itself, so only a wake-up can reconnect.
    const clock = new VirtualClock();
    const live = new ChatRealtimeClient(emu.url, ann.token, { clock });
    // Installed after the client was made: it looks when it starts.
    scope.addEventListener = (type: string, listener: EventListener) => {
      counts.added += 1;
      window.addEventListener(type, listener);
    };
    scope.removeEventListener = (type: string, listener: EventListener) => {
      counts.removed += 1;
      window.removeEventListener(type, listener);
    };
    scope.document = page;
    try {
      emu.emulator.faults.add({ method: 'POST', path: '/trouter/v4/a', status: 503, times: 1 });
      const started = live.start();
      expect(counts.added).toBe(1);
      // The first allocation fails; the retry waits a second or so, unless the network is back.
      await until(() => live.error?.statusCode === 503 && clock.pending.length === 1);
      // Still hidden: no wake-up.
      page.dispatchEvent(new Event('visibilitychange'));
      expect(clock.pending).toHaveLength(1);
      window.dispatchEvent(new Event('online'));
      await started;
      await live.stop();
      expect(counts.removed).toBe(1);
      // A tab coming back reconnects as the network does. (A restart allocates in the reconnect
      // form, at the root: the cached connectparams outlive stop().)
      emu.emulator.faults.add({ method: 'POST', path: '/v4/a', status: 503, times: 1 });
      const again = live.start();
      await until(() => live.error?.statusCode === 503 && clock.pending.length === 1);
      page.visibilityState = 'visible';
      page.dispatchEvent(new Event('visibilitychange'));
      await again;
      await live.stop();
    } finally {
      delete scope.addEventListener;
      delete scope.removeEventListener;
      delete scope.document;
    }
  });

  it('is a ChatRealtimeSource as the React provider takes it', () => {
    expectTypeOf<ChatRealtimeClient>().toExtend<ChatRealtimeSource>();
    const source: ChatRealtimeSource = new ChatRealtimeClient(
      emu.url,
      'x.e30.x'.replace('e30', btoa('{"exp":9999999999}')),
    );
    expect(typeof source.on).toBe('function');
  });
});
