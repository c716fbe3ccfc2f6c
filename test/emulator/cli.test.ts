import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';
import { h2cRequest, rawExchange, upgradeRequest } from './raw-http.ts';

const cli = fileURLToPath(new URL('../../src/emulator/cli.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  // SIGKILL: a server stuck in a loop would never run its SIGTERM handler.
  if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  child = undefined;
});

/** Starts the CLI and collects its output until `lines` lines have appeared. */
function run(args: string[], lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const got = out.split('\n').filter(Boolean);
      if (got.length >= lines) resolve(got);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${err}`)));
  });
}

describe('react-acs-chat-emulator CLI', () => {
  it('prints the URL and a connection string, seeds, and serves the API', async () => {
    const lines = await run(['--port', '0', '--seed-users', '1', '--seed-threads', '3'], 6);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[0]!)?.[1];
    expect(url).toBeDefined();
    expect(lines[1]).toMatch(
      new RegExp(`^Connection string: endpoint=${url}/;accesskey=[A-Za-z0-9+/]+=*$`),
    );
    expect(lines[2]).toBe('Data: in memory, gone when it stops (keep it with --data-dir DIR)');
    const token = /token: (\S+)/.exec(lines[4]!)?.[1];
    const res = await call(url!, '/chat/threads', { token });
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(3);
  });

  it('matches a fault path that a regular expression would backtrack on, and keeps serving', async () => {
    // In its own process, so that a matcher that backtracks would hang the server, not this test.
    const lines = await run(['--port', '0'], 2);
    const url = /listening on (\S+)/.exec(lines[0]!)![1]!;
    // As a regular expression, 16 stars against 48 characters without a Z take ~10^13 steps.
    const rule = { path: `/${'*'.repeat(16)}Z`, status: 500 };
    expect((await call(url, '/__emulator/faults', { apiVersion: null, body: rule })).status).toBe(
      201,
    );
    const res = await call(url, `/${'a'.repeat(48)}`);
    expect(res.status).toBe(404);
    const matching = await call(url, `/${'a'.repeat(48)}Z`);
    expect(matching.status).toBe(500);
    const rules = await call(url, '/__emulator/faults', { apiVersion: null });
    expect(rules.body.rules).toMatchObject([{ hits: 1 }]);
  });

  it('refuses malformed upgrades, reset or not, and keeps serving', async () => {
    // Its own process: an uncaught error in the upgrade listener would end it (and this test).
    const lines = await run(['--port', '0'], 2);
    const url = /listening on (\S+)/.exec(lines[0]!)![1]!;
    const requests = [upgradeRequest('/socket.io/1/websocket/%ZZ'), h2cRequest('/socket.io/1/')];
    for (const request of requests) {
      expect(await rawExchange(url, request)).toMatch(/^HTTP\/1\.1 4\d\d /);
      await Promise.all(
        Array.from({ length: 20 }, () => rawExchange(url, request, { reset: true })),
      );
    }
    expect((await call(url, '/__emulator/faults', { apiVersion: null })).status).toBe(200);
    expect(child?.exitCode).toBeNull();
  });

  it('refuses bad arguments', async () => {
    await expect(run(['--port', 'eighty'], 1)).rejects.toThrow(/--port must be a whole number/);
    await expect(run(['--port', '0', '--limits', 'everything'], 1)).rejects.toThrow(
      /limits must be 'off' or 'service'/,
    );
  });

  it('throttles the chat routes with --limits service', async () => {
    const lines = await run(['--port', '0', '--limits', 'service', '--seed-users', '1'], 6);
    const url = /listening on (\S+)/.exec(lines[0]!)![1]!;
    const token = /token: (\S+)/.exec(lines[4]!)?.[1];
    const create = () => call(url, '/chat/threads', { token, body: { topic: 'Limited' } });
    const seen: number[] = [];
    for (let i = 0; i < 11; i++) seen.push((await create()).status);
    expect(seen).toEqual([...Array(10).fill(201), 429]);
  });
});
