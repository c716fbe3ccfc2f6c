// The emulator with a data directory: what it keeps across a restart, over real HTTP, and how it
// refuses a directory it cannot use.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import {
  createChatEmulator,
  createChatEmulatorServer,
  isEmulatorDataError,
  type ChatEmulator,
  type ChatEmulatorServer,
} from '../../src/emulator/index.ts';
import { testClock } from '../support/test-clock.ts';
import { acs, call, threadPath, type Json } from './helpers.ts';

/** node:sqlite, once an emulator has loaded it (so without its ExperimentalWarning). */
const sqlite = () => process.getBuiltinModule('node:sqlite');
const dirs: string[] = [];
const open: ChatEmulatorServer[] = [];

afterEach(async () => {
  for (const server of open.splice(0)) {
    await server.close();
    server.emulator.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acs-emulator-data-'));
  dirs.push(dir);
  return join(dir, 'data');
}

// The emulators' clock: real time, moved on where a test needs a later second.
const clock = testClock(Date.now());
clock.run(Date.now());

async function serve(dir: string): Promise<ChatEmulatorServer> {
  const emulator = createChatEmulator({ dataDir: dir, identityAuth: 'open', now: clock.now });
  const server = await createChatEmulatorServer({ emulator });
  open.push(server);
  return server;
}

async function stop(server: ChatEmulatorServer): Promise<void> {
  open.splice(open.indexOf(server), 1);
  await server.close();
  server.emulator.close();
}

async function newUser(url: string): Promise<{ id: string; token: string }> {
  const res = await call(url, '/identities', {
    apiVersion: '2023-10-01',
    body: { createTokenWithScopes: ['chat'] },
  });
  expect(res.status).toBe(201);
  return { id: res.body.identity.id, token: res.body.accessToken.token };
}

/** Everything a client can read back about a thread, with the server's origin taken out. */
async function readBack(url: string, threadId: string, tokens: { token: string }[]) {
  const paths = ['', '/messages', '/participants', '/readReceipts'].map((rest) =>
    threadPath(threadId, rest),
  );
  const seen: Json[] = [];
  for (const { token } of tokens) {
    for (const path of ['/chat/threads', ...paths]) {
      const res = await call(url, path, { token });
      seen.push({ path, status: res.status, body: res.text.replaceAll(url, '<origin>') });
    }
  }
  return seen;
}

describe('createChatEmulator({ dataDir })', () => {
  it('keeps users, threads, messages, participants, receipts and repeats across a restart', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    const url = first.url;
    const [ada, bob, cy] = [await newUser(url), await newUser(url), await newUser(url)];
    const create = (topic: string) =>
      call(url, '/chat/threads', {
        token: ada.token,
        headers: { 'repeatability-request-id': 'create-once' },
        body: { topic, participants: [{ communicationIdentifier: acs(bob.id) }] },
      });
    const created = await create('Kept');
    expect(created.status).toBe(201);
    const threadId: string = created.body.chatThread.id;
    const send = (content: string, token = ada.token) =>
      call(url, threadPath(threadId, '/messages'), { token, body: { content } });
    const sent = [await send('one'), await send('two', bob.token), await send('three')];
    const [one, two] = sent.map((res) => res.body.id as string);
    const edit = await call(url, threadPath(threadId, `/messages/${one}`), {
      method: 'PATCH',
      token: ada.token,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { content: 'one, edited' },
    });
    expect(edit.status).toBe(204);
    const gone = await call(url, threadPath(threadId, `/messages/${two}`), {
      method: 'DELETE',
      token: bob.token,
    });
    expect(gone.status).toBe(204);
    const receipt = await call(url, threadPath(threadId, '/readReceipts'), {
      token: bob.token,
      body: { chatMessageId: one },
    });
    expect(receipt.status).toBe(200);
    const add = await call(url, threadPath(threadId, '/participants/:add'), {
      token: ada.token,
      body: { participants: [{ communicationIdentifier: acs(cy.id), displayName: 'Cy' }] },
    });
    expect(add.status).toBe(201);
    const remove = await call(url, threadPath(threadId, '/participants/:remove'), {
      token: ada.token,
      body: acs(cy.id),
    });
    expect(remove.status).toBe(204);
    const topic = await call(url, threadPath(threadId), {
      method: 'PATCH',
      token: ada.token,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { topic: 'Kept, renamed' },
    });
    expect(topic.status).toBe(204);
    // The last change a message, seconds later: the thread's activity (in its list) is kept too.
    clock.run(clock.now() + 5000);
    expect((await send('last')).status).toBe(201);
    const before = await readBack(url, threadId, [ada, bob, cy]);
    const resourceId = first.emulator.resourceId;
    await stop(first);

    const second = await serve(dir);
    expect(second.emulator.resourceId).toBe(resourceId);
    // The same answers to the tokens issued before the restart.
    expect(await readBack(second.url, threadId, [ada, bob, cy])).toEqual(before);
    // The repeat is remembered: the same request id gives the same thread.
    const again = await call(second.url, '/chat/threads', {
      token: ada.token,
      headers: { 'repeatability-request-id': 'create-once' },
      body: { topic: 'Kept', participants: [{ communicationIdentifier: acs(bob.id) }] },
    });
    expect(again.body.chatThread.id).toBe(threadId);
    // And the thread goes on where it was.
    const next = await call(second.url, threadPath(threadId, '/messages'), {
      token: bob.token,
      body: { content: 'four' },
    });
    const page = await call(second.url, threadPath(threadId, '/messages'), { token: ada.token });
    expect(page.body.value[0]).toMatchObject({ id: next.body.id, content: { message: 'four' } });
    expect(page.body.value[0].sequenceId).toBe(String(Number(page.body.value[1].sequenceId) + 1));
  });

  it('keeps seeded data and the people it made', async () => {
    const dir = dataDir();
    const first = createChatEmulator({ dataDir: dir, people: ['Ada Lovelace', 'Grace Hopper'] });
    const people = await first.people();
    const seeded = await first.seed({ users: 2, threads: 30, messagesPerThread: 10 });
    first.close();
    const second = createChatEmulator({ dataDir: dir, people: ['Ada Lovelace', 'Grace Hopper'] });
    try {
      expect(await second.people()).toEqual(people);
      expect(second.threadCount()).toBe(31);
      const server = await createChatEmulatorServer({ emulator: second });
      const list = await call(server.url, '/chat/threads', {
        token: seeded.users[1]!.token,
        query: { maxPageSize: 50 },
      });
      await server.close();
      expect(list.body.value).toHaveLength(30);
    } finally {
      second.close();
    }
  });

  it('reset() clears the kept data too', async () => {
    const dir = dataDir();
    const first = createChatEmulator({ dataDir: dir });
    await first.seed({ users: 1, threads: 3 });
    first.reset();
    await first.seed({ users: 1, threads: 1 });
    first.close();
    const second = createChatEmulator({ dataDir: dir });
    expect(second.threadCount()).toBe(1);
    second.close();
  });

  it('keeps nothing on disk without a dataDir', () => {
    const emulator: ChatEmulator = createChatEmulator();
    expect(emulator.dataFile).toBeUndefined();
  });

  it('refuses a file in an unknown format version, naming the file and the version', () => {
    const dir = dataDir();
    createChatEmulator({ dataDir: dir }).close();
    const file = join(dir, 'emulator.sqlite');
    const db = new (sqlite().DatabaseSync)(file);
    db.exec('PRAGMA user_version = 99');
    db.close();
    const error = catchError(() => createChatEmulator({ dataDir: dir }));
    expect(isEmulatorDataError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'unknown-version', file, version: 99 });
    expect((error as Error).message).toContain(`${file} is in data format version 99`);
    // Nothing was reset: the file still says 99, and the lock was let go.
    const check = new (sqlite().DatabaseSync)(file);
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: 99 });
    check.close();
    expect(readdirSync(dir)).not.toContain('emulator.lock');
  });

  it('refuses a file that is not emulator data', () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'emulator.sqlite');
    writeFileSync(file, 'not a database, but some notes of mine\n'.repeat(100));
    expect(catchError(() => createChatEmulator({ dataDir: dir }))).toMatchObject({
      name: 'EmulatorDataError',
      problem: 'not-emulator-data',
      file,
    });
  });

  it('refuses another resourceId than the one its data was made for', () => {
    const dir = dataDir();
    const first = createChatEmulator({ dataDir: dir });
    const { resourceId } = first;
    first.close();
    const other = '00000000-0000-0000-0000-000000000001';
    const error = catchError(() => createChatEmulator({ dataDir: dir, resourceId: other }));
    expect(error).toMatchObject({ problem: 'other-resource' });
    expect((error as Error).message).toContain(resourceId);
  });

  it('refuses a directory another emulator holds, and takes over a dead one’s lock', () => {
    const dir = dataDir();
    const holder = createChatEmulator({ dataDir: dir });
    const error = catchError(() => createChatEmulator({ dataDir: dir }));
    expect(error).toMatchObject({ problem: 'locked', pid: process.pid });
    expect((error as Error).message).toMatch(/in use by this process/);
    holder.close();

    // A lock left by a process that is gone.
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout.trim());
    writeFileSync(join(dir, 'emulator.lock'), `${deadPid}\n`);
    const next = createChatEmulator({ dataDir: dir });
    expect(next.threadCount()).toBe(0);
    next.close();
  });
});

function catchError(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
