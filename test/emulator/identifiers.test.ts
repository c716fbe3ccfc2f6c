import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator, skipRequestValidation } from '../support/emulator.ts';
import { call, threadPath, type Json } from './helpers.ts';

let emu: TestEmulator;
let ann: { userId: string; token: string };

beforeAll(async () => {
  emu = await startEmulator();
  ann = await emu.user();
});
afterAll(() => emu.close());

describe('communication identifiers', () => {
  it('accepts every kind, with or without kind, and answers with rawId, kind and the model', async () => {
    skipRequestValidation('an identifier kind the spec does not list, tolerated on purpose');
    const bob = await emu.user();
    const requested: Json[] = [
      { communicationUser: { id: bob.userId } },
      { phoneNumber: { value: '+14255550123' } },
      { rawId: '4:14255550199' },
      { kind: 'microsoftTeamsUser', microsoftTeamsUser: { userId: 'u1' } },
      { microsoftTeamsUser: { userId: 'u2', cloud: 'dod' } },
      { microsoftTeamsUser: { userId: 'u3', isAnonymous: true } },
      { microsoftTeamsApp: { appId: 'bot', cloud: 'gcch' } },
      { teamsExtensionUser: { userId: 'u4', tenantId: 't1', resourceId: 'r1' } },
      { kind: 'somethingNew', rawId: 'x:y' },
    ];
    const created = await call(emu.url, '/chat/threads', {
      token: ann.token,
      body: {
        topic: 'Kinds',
        participants: requested.map((communicationIdentifier) => ({ communicationIdentifier })),
      },
    });
    expect(created.status).toBe(201);
    const listed = await call(emu.url, threadPath(created.body.chatThread.id, '/participants'), {
      token: ann.token,
    });
    const ids = listed.body.value.map((p: Json) => p.communicationIdentifier).slice(1);
    expect(ids).toEqual([
      { rawId: bob.userId, kind: 'communicationUser', communicationUser: { id: bob.userId } },
      { rawId: '4:14255550123', kind: 'phoneNumber', phoneNumber: { value: '+14255550123' } },
      { rawId: '4:14255550199', kind: 'phoneNumber', phoneNumber: { value: '+14255550199' } },
      {
        rawId: '8:orgid:u1',
        kind: 'microsoftTeamsUser',
        microsoftTeamsUser: { userId: 'u1', isAnonymous: false, cloud: 'public' },
      },
      {
        rawId: '8:dod:u2',
        kind: 'microsoftTeamsUser',
        microsoftTeamsUser: { userId: 'u2', isAnonymous: false, cloud: 'dod' },
      },
      {
        rawId: '8:teamsvisitor:u3',
        kind: 'microsoftTeamsUser',
        microsoftTeamsUser: { userId: 'u3', isAnonymous: true, cloud: 'public' },
      },
      {
        rawId: '28:gcch:bot',
        kind: 'microsoftTeamsApp',
        microsoftTeamsApp: { appId: 'bot', cloud: 'gcch' },
      },
      {
        rawId: '8:acs:r1_t1_u4',
        kind: 'teamsExtensionUser',
        teamsExtensionUser: { userId: 'u4', tenantId: 't1', resourceId: 'r1', cloud: 'public' },
      },
      { rawId: 'x:y', kind: 'unknown' },
    ]);
  });

  it('removes a participant named by rawId only', async () => {
    const bob = await emu.user();
    const created = await call(emu.url, '/chat/threads', {
      token: ann.token,
      body: { topic: 'T', participants: [{ communicationIdentifier: { rawId: bob.userId } }] },
    });
    const threadId = created.body.chatThread.id;
    expect((await call(emu.url, threadPath(threadId), { token: bob.token })).status).toBe(200);
    const removed = await call(emu.url, threadPath(threadId, '/participants/:remove'), {
      token: ann.token,
      body: { rawId: bob.userId },
    });
    expect(removed.status).toBe(204);
    expect((await call(emu.url, threadPath(threadId), { token: bob.token })).status).toBe(403);
  });

  it('refuses structurally broken identifiers with 400', async () => {
    skipRequestValidation('structurally broken identifiers, on purpose');
    for (const communicationIdentifier of [
      'a string',
      { communicationUser: { id: 5 } },
      { communicationUser: { id: 'x' }, phoneNumber: { value: '+1' } },
      { microsoftTeamsUser: { userId: 'u', cloud: 'mars' } },
      { rawId: 7 },
    ]) {
      const res = await call(emu.url, '/chat/threads', {
        token: ann.token,
        body: { topic: 'T', participants: [{ communicationIdentifier }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.target).toMatch(/^participants\[0\]\.communicationIdentifier/);
    }
  });
});
