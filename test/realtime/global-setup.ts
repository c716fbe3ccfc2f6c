// The emulator over HTTPS (a self-signed certificate; the project's Chromium ignores certificate
// errors), since the official SDK sends tokens only to https endpoints. On another origin than the
// test page, so the real-time channel's calls are cross-origin, as in an app; the test page may
// use its Identity API.
import type { TestProject } from 'vitest/node';
import { createChatEmulator, createChatEmulatorServer } from '../../src/emulator/index.ts';
// The `emulatorUrl` the browser helpers inject is declared there.
import { isTestPage } from '../browser/global-setup.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await createChatEmulatorServer({
    port: 0,
    https: true,
    emulator: createChatEmulator({ identityAuth: 'open', allowedOrigins: isTestPage }),
  });
  project.provide('emulatorUrl', server.url);
  return () => server.close();
}
