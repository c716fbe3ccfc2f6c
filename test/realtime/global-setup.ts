// The emulator over HTTPS (a self-signed certificate; the project's Chromium ignores certificate
// errors), since the official SDK sends tokens only to https endpoints. On another origin than the
// test page, so the real-time channel's calls are cross-origin, as in an app; the test page may
// use its Identity API. Its request and frame logs are served too (request-log-server.ts), large
// enough that no test's records are pushed out by the others', with bodies kept (a registration's
// is under 1 KiB) for the wire-equivalence test.
import type { TestProject } from 'vitest/node';
import { createChatEmulator, createChatEmulatorServer } from '../../src/emulator/index.ts';
// The `emulatorUrl` and `requestLogUrl` the browser helpers inject are declared there.
import { isTestPage } from '../browser/global-setup.ts';
import { startRequestLogServer } from '../support/request-log-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A user and a token the emulator signed that expired a minute before the run. */
    expiredUser: { userId: string; token: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = createChatEmulator({
    identityAuth: 'open',
    allowedOrigins: isTestPage,
    requestLog: { limit: 100_000, bodyBytes: 2048 },
    frameLog: { limit: 100_000 },
  });
  const server = await createChatEmulatorServer({ port: 0, https: true, emulator });
  const log = await startRequestLogServer(emulator);
  const { userId } = await emulator.createUser();
  const expired = await emulator.issueToken(userId, { expiresOn: new Date(Date.now() - 60_000) });
  project.provide('emulatorUrl', server.url);
  project.provide('requestLogUrl', log.url);
  project.provide('expiredUser', { userId, token: expired.token });
  return async () => {
    await log.close();
    await server.close();
  };
}
