import { describe, expect, it } from 'vitest';
import { createChatEmulator } from '../../src/emulator/index.ts';
import { urlFor } from './helpers.ts';

describe('the Fetch handler', () => {
  it('is bound, records every request, and needs no server', async () => {
    const emulator = createChatEmulator();
    const { handle } = emulator; // detached on purpose
    const user = await emulator.createUser();
    const response = await handle(
      new Request(urlFor('http://chat.test', '/chat/threads'), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${user.token}`,
          'Content-Type': 'application/json',
          'Repeatability-Request-Id': 'r-1',
        },
        body: JSON.stringify({ topic: 'In process' }),
      }),
    );
    expect(response.status).toBe(201);
    const { chatThread } = (await response.json()) as { chatThread: { id: string } };
    expect(response.headers.get('location')).toMatch(/^http:\/\/chat\.test\/chat\/threads\//);
    expect(emulator.threadCount()).toBe(1);
    expect(emulator.getThread(chatThread.id)).toMatchObject({ topic: 'In process' });
    expect(emulator.requests).toEqual([
      {
        method: 'POST',
        url: urlFor('http://chat.test', '/chat/threads'),
        headers: expect.objectContaining({
          authorization: `Bearer ${user.token}`,
          'content-type': 'application/json',
          'repeatability-request-id': 'r-1',
        }),
        body: '{"topic":"In process"}',
      },
    ]);
    emulator.clearRequests();
    expect(emulator.requests).toEqual([]);
    emulator.reset();
    expect(emulator.threadCount()).toBe(0);
  });

  it('links below a mount prefix given in x-forwarded-prefix', async () => {
    const emulator = createChatEmulator();
    const user = await emulator.createUser();
    const response = await emulator.handle(
      new Request(urlFor('http://app.test', '/api/acs/chat/threads'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': 'application/json',
          'x-forwarded-prefix': '/api/acs/',
        },
        body: JSON.stringify({ topic: 'Mounted' }),
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(
      /^http:\/\/app\.test\/api\/acs\/chat\/threads\/19%3A/,
    );
  });
});
