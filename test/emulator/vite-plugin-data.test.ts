// chatEmulatorPlugin({ dataDir }) in a Vite dev server: the data and the tokens outlive the server,
// and a second server on the directory in this process (as Vite's restart makes one) shares it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatEmulatorPlugin } from '../../src/emulator/index.ts';
import { call, threadPath } from './helpers.ts';
import { startViteApp, type ViteApp } from './vite-app.ts';

const apps: ViteApp[] = [];
let root: string | undefined;

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

async function start(dataDir: string): Promise<{ app: ViteApp; endpoint: string }> {
  const app = await startViteApp(chatEmulatorPlugin({ dataDir, identityAuth: 'open' }), {
    hmr: false,
  });
  apps.push(app);
  return { app, endpoint: `${app.origin}/acs` };
}

async function stop(app: ViteApp): Promise<void> {
  apps.splice(apps.indexOf(app), 1);
  await app.close();
}

describe('chatEmulatorPlugin({ dataDir })', () => {
  it('keeps threads, messages and tokens when the dev server stops and starts again', async () => {
    root = mkdtempSync(join(tmpdir(), 'acs-emulator-vite-data-'));
    const dataDir = join(root, 'data');
    const first = await start(dataDir);
    const identity = await call(first.endpoint, '/identities', {
      apiVersion: '2023-10-01',
      body: { createTokenWithScopes: ['chat'] },
    });
    const token: string = identity.body.accessToken.token;
    const created = await call(first.endpoint, '/chat/threads', { token, body: { topic: 'Vite' } });
    const threadId: string = created.body.chatThread.id;
    const sent = await call(first.endpoint, threadPath(threadId, '/messages'), {
      token,
      body: { content: 'before the restart' },
    });
    expect(sent.status).toBe(201);
    await stop(first.app);
    // Closing the server let go of the directory.
    expect(existsSync(join(dataDir, 'emulator.lock'))).toBe(false);

    const second = await start(dataDir);
    const messages = await call(second.endpoint, threadPath(threadId, '/messages'), { token });
    expect(messages.status).toBe(200);
    expect(messages.body.value[0]).toMatchObject({
      id: sent.body.id,
      content: { message: 'before the restart' },
    });

    // A restart's new server, made before the old one closes, serves the same emulator.
    const third = await start(dataDir);
    await stop(second.app);
    const more = await call(third.endpoint, threadPath(threadId, '/messages'), {
      token,
      body: { content: 'after the restart' },
    });
    expect(more.status).toBe(201);
    const threads = await call(third.endpoint, '/chat/threads', { token });
    expect(threads.body.value.map((t: { topic: string }) => t.topic)).toEqual(['Vite']);
    await stop(third.app);
    expect(existsSync(join(dataDir, 'emulator.lock'))).toBe(false);
  });
});
