// The CLI as a tool kept open: --help lists every flag, --data-dir keeps data across restarts and
// SIGKILLs, one CLI per data directory, and the certificate files it wrote go when it stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cliFlags } from '../../src/emulator/cli-flags.ts';
import { call, threadPath, type Json } from './helpers.ts';

const cli = fileURLToPath(new URL('../../src/emulator/cli.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acs-emulator-cli-data-'));
  dirs.push(dir);
  return dir;
}

interface Cli {
  child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`, seen already or to come. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  output(): string;
}

function start(args: string[]): Cli {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const waiting = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const check of waiting) check();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    stderr: () => err,
    output: () => out,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = out.split('\n').find((line) => pattern.test(line));
          if (found !== undefined) {
            waiting.delete(check);
            resolve(found);
          }
        };
        waiting.add(check);
        check();
        void exited.then(() => {
          check();
          if (waiting.delete(check)) reject(new Error(`CLI exited before ${pattern}: ${err}`));
        });
      }),
  };
}

const urlOf = async (running: Cli) =>
  /listening on (\S+)/.exec(await running.line(/listening on/))![1]!;

describe('react-acs-chat-emulator --help', () => {
  it('lists every flag the parser accepts, and the parser accepts no other', async () => {
    const help = start(['--help']);
    expect(await help.exited).toEqual({ code: 0, signal: null });
    const printed = help.output();
    expect(printed).toMatch(/^Usage: react-acs-chat-emulator/);
    // The flags each line of the list starts with (not those its explanations mention).
    const listed = new Set(
      printed.split('\n').flatMap((line) => /^ {2}(?:-\w, )?(--[a-z-]+)/.exec(line)?.[1] ?? []),
    );
    for (const name of Object.keys(cliFlags)) expect(listed, `--${name}`).toContain(`--${name}`);
    // Every flag in --help is one the parser takes.
    for (const flag of listed) expect(Object.keys(cliFlags)).toContain(flag.slice(2));
    const unknown = start(['--colour', 'blue']);
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.stderr()).toMatch(/Unknown option '--colour'/);
  });
});

describe('react-acs-chat-emulator --data-dir', () => {
  it('says where its data lives, refuses a second CLI on the directory, takes over a dead one’s lock', async () => {
    const dir = join(tempDir(), 'data');
    const first = start([
      '--port',
      '0',
      '--data-dir',
      dir,
      '--seed-users',
      '1',
      '--seed-threads',
      '2',
    ]);
    const url = await urlOf(first);
    expect(await first.line(/^Data:/)).toBe(`Data: ${join(dir, 'emulator.sqlite')} (new)`);
    const token = /token: (\S+)/.exec(await first.line(/token:/))![1]!;

    const second = start(['--port', '0', '--data-dir', dir]);
    expect((await second.exited).code).toBe(1);
    const lockFile = join(dir, 'emulator.lock');
    expect(second.stderr().trim()).toBe(
      `The data directory is in use by process ${first.child.pid} (lock file ${lockFile}). ` +
        'Stop that emulator, or give this one another directory.',
    );
    expect((await call(url, '/chat/threads', { token })).body.value).toHaveLength(2);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.child.pid));
    const third = start(['--port', '0', '--data-dir', dir, '--seed-users', '1']);
    const thirdUrl = await urlOf(third);
    expect(await third.line(/^Data:/)).toBe(
      `Data: ${join(dir, 'emulator.sqlite')} (kept, 2 threads)`,
    );
    expect(await third.line(/^Seed/)).toBe('Seed skipped: the data directory has data already.');
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(third.child.pid));
    // The token from before the kill still works.
    expect((await call(thirdUrl, '/chat/threads', { token })).body.value).toHaveLength(2);
    third.child.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile)).toBe(false);
  });

  it('keeps every acknowledged write through 20 SIGKILLs in the middle of bursts of writes', async () => {
    const dir = join(tempDir(), 'data');
    const args = ['--port', '0', '--open-identity', '--data-dir', dir];
    let running = start(args);
    let url = await urlOf(running);
    const identity = await call(url, '/identities', {
      apiVersion: '2023-10-01',
      body: { createTokenWithScopes: ['chat'] },
    });
    const token: string = identity.body.accessToken.token;
    const created = await call(url, '/chat/threads', { token, body: { topic: 'Burst' } });
    const threadId: string = created.body.chatThread.id;
    const ackedMessages = new Map<string, string>();
    const ackedThreads = new Set<string>([threadId]);

    const readAll = async (first: string): Promise<Json[]> => {
      const items: Json[] = [];
      let next: string | undefined = first;
      while (next !== undefined) {
        const page: { status: number; body: Json } = await call(url, next, {
          token,
          query: { maxPageSize: 200 },
        });
        expect(page.status).toBe(200);
        items.push(...page.body.value);
        next = page.body.nextLink;
      }
      return items;
    };
    const check = async () => {
      const messages = await readAll(threadPath(threadId, '/messages'));
      const content = new Map(messages.map((m) => [m.id as string, m.content?.message]));
      for (const [id, text] of ackedMessages) expect(content.get(id), id).toBe(text);
      const threads = new Set((await readAll('/chat/threads')).map((t) => t.id as string));
      for (const id of ackedThreads) expect(threads, id).toContain(id);
    };

    for (let round = 0; round < 20; round++) {
      // Kill after a different number of acknowledgements each round, with writes in flight.
      const killAfter = 5 + ((round * 37) % 60);
      let acks = 0;
      let killed = false;
      const writer = async (lane: number) => {
        for (let n = 0; !killed; n++) {
          try {
            if (n % 10 === 9) {
              const res = await call(url, '/chat/threads', { token, body: { topic: `T${round}` } });
              if (res.status === 201) ackedThreads.add(res.body.chatThread.id);
            } else {
              const text = `round ${round} lane ${lane} write ${n}`;
              const res = await call(url, threadPath(threadId, '/messages'), {
                token,
                body: { content: text },
              });
              if (res.status === 201) ackedMessages.set(res.body.id, text);
            }
          } catch {
            return; // the connection died with the process: not acknowledged
          }
          if (++acks >= killAfter && !killed) {
            killed = true;
            running.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, lane) => writer(lane)));
      expect((await running.exited).signal).toBe('SIGKILL');
      running = start(args);
      url = await urlOf(running);
      await check();
    }
    expect(ackedMessages.size).toBeGreaterThan(20 * 5);
    running.child.kill('SIGTERM');
    await running.exited;
  }, 300_000);
});

describe('react-acs-chat-emulator --https', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('deletes its certificate file on %s', async (signal) => {
    const running = start(['--port', '0', '--https']);
    const line = await running.line(/^Self-signed certificate:/);
    const caFile = /^Self-signed certificate: (\S+)/.exec(line)![1]!;
    expect(readFileSync(caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    running.child.kill(signal);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(caFile)).toBe(false);
    expect(existsSync(dirname(caFile))).toBe(false);
  });
});
