// Starts the emulator as its own Node server, on another origin than the page that runs the tests
// (Vitest's browser server), so every request from Chromium is a real cross-origin request with CORS
// preflights. Identity is open: the browser creates its users through the Identity API itself, as an
// app would through its own token endpoint. The emulator refuses the Identity API and admin routes to
// other origins unless allowed, so it lets in the test page's: Vitest serves it on a local port
// chosen at run time. Its request log is served too (request-log-server.ts), large enough that no
// test's records are pushed out by the others'.
import type { TestProject } from 'vitest/node';
import { createChatEmulator, createChatEmulatorServer } from '../../src/emulator/index.ts';
import { startRequestLogServer } from '../support/request-log-server.ts';
import { startStallServer } from './stall-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's endpoint, e.g. http://127.0.0.1:54321 (no trailing slash). */
    emulatorUrl: string;
    /** A server whose responses send headers and never finish their body. */
    stallUrl: string;
    /** GET `${requestLogUrl}?url=<part>`: the emulator's records whose URL contains `part`. */
    requestLogUrl: string;
  }
}

/** The test page's origin: Vitest serves it on a local port chosen at run time. */
export const isTestPage = (origin: string) =>
  /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(origin);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = createChatEmulator({
    identityAuth: 'open',
    allowedOrigins: isTestPage,
    requestLog: { limit: 100_000, bodyBytes: 0 },
  });
  const server = await createChatEmulatorServer({ port: 0, emulator });
  const stall = await startStallServer();
  const log = await startRequestLogServer(emulator);
  project.provide('emulatorUrl', server.url);
  project.provide('stallUrl', stall.url);
  project.provide('requestLogUrl', log.url);
  return async () => {
    await log.close();
    await stall.close();
    await server.close();
  };
}
