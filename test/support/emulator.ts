// Shared test helper: a real emulator server on 127.0.0.1 (a free port) and a quick way to get users.
//
//   const emu = await startEmulator();          // options go to createChatEmulator
//   const ann = await emu.user();               // { userId, token, expiresOn }, `chat` scope, 24 h
//   new ChatClient(emu.url, new CommunicationTokenCredential(ann.token));
//   emu.emulator.faults.add({ status: 503, times: 1 }); emu.emulator.requests; ...
//   await emu.close();
//
// Keep it small and stable: other test suites depend on it.
import {
  createChatEmulator,
  createChatEmulatorServer,
  type ChatEmulator,
  type ChatEmulatorOptions,
  type ChatEmulatorServer,
  type EmulatorUser,
} from '../../src/emulator/index.ts';

export interface TestEmulator {
  server: ChatEmulatorServer;
  emulator: ChatEmulator;
  /** The endpoint, e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  /** A new user with a chat token (defaults: scopes ['chat'], 24 hours). */
  user(options?: { expiresInMinutes?: number; scopes?: string[] }): Promise<EmulatorUser>;
  close(): Promise<void>;
}

export async function startEmulator(options: ChatEmulatorOptions = {}): Promise<TestEmulator> {
  const server = await createChatEmulatorServer({ port: 0, emulator: createChatEmulator(options) });
  return {
    server,
    emulator: server.emulator,
    url: server.url,
    user: (userOptions) => server.emulator.createUser(userOptions),
    close: () => server.close(),
  };
}

// Request validation opt-outs for tests that send malformed requests on purpose (see the setup file
// test/support/spec-validation-setup.ts): per test, or per request with the header.
export { skipRequestValidation, skipRequestValidationHeader } from './spec-validator.ts';
