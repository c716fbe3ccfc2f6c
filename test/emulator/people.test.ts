import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatEmulator } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { call } from './helpers.ts';

const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'];
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator({ identityAuth: 'open', people: names });
});
afterAll(() => emu.close());

/** A token for a person, the way a dev app gets one: the open Identity API. */
async function tokenFor(userId: string): Promise<string> {
  const res = await call(emu.url, `/identities/${encodeURIComponent(userId)}/:issueAccessToken`, {
    body: { scopes: ['chat'] },
    apiVersion: '2023-10-01',
  });
  expect(res.status).toBe(200);
  return res.body.token;
}

describe('people for a dev setup', () => {
  it('lists the people in the order named, each a user', async () => {
    const res = await call(emu.url, '/__emulator/people', { apiVersion: null });
    expect(res.status).toBe(200);
    expect(res.body.value.map((p: { displayName: string }) => p.displayName)).toEqual(names);
    for (const person of res.body.value) expect(person.userId).toMatch(/^8:acs:/);
    // The same people on every call, not new ones.
    expect((await call(emu.url, '/__emulator/people', { apiVersion: null })).body).toEqual(
      res.body,
    );
  });

  it('gives the first person a thread with each other person, holding a greeting', async () => {
    const [ada, grace, alan] = await emu.emulator.people();
    const res = await call(emu.url, '/chat/threads', { token: await tokenFor(ada!.userId) });
    expect(res.body.value.map((t: { topic: string }) => t.topic).sort()).toEqual([
      'Ada Lovelace and Alan Turing',
      'Ada Lovelace and Grace Hopper',
    ]);
    const graceThreads = await call(emu.url, '/chat/threads', {
      token: await tokenFor(grace!.userId),
    });
    expect(graceThreads.body.value).toHaveLength(1);
    const threadId = graceThreads.body.value[0].id;
    const messages = await call(emu.url, `/chat/threads/${encodeURIComponent(threadId)}/messages`, {
      token: await tokenFor(grace!.userId),
    });
    const texts = messages.body.value.filter((m: { type: string }) => m.type === 'text');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({
      content: { message: 'Hi Ada, this is Grace Hopper.' },
      senderDisplayName: 'Grace Hopper',
      senderCommunicationIdentifier: { communicationUser: { id: grace!.userId } },
    });
    expect(alan!.userId).not.toBe(grace!.userId);
  });

  it('makes the people again after a reset', async () => {
    const emulator = createChatEmulator({ people: ['Ada', 'Grace'] });
    const before = await emulator.people();
    emulator.reset();
    const after = await emulator.people();
    expect(after.map((p) => p.displayName)).toEqual(['Ada', 'Grace']);
    expect(after[0]!.userId).not.toBe(before[0]!.userId);
    expect(emulator.threadCount()).toBe(1);
  });

  it('refuses names that are empty, repeated or too many', () => {
    expect(() => createChatEmulator({ people: ['Ada', ' '] })).toThrow(/1 to 256 characters/);
    expect(() => createChatEmulator({ people: ['Ada', 'Ada'] })).toThrow(/twice/);
    expect(() =>
      createChatEmulator({ people: Array.from({ length: 51 }, (_, i) => `P${i}`) }),
    ).toThrow(/at most 50/);
  });
});
