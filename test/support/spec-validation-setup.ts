// Vitest setup file (node and react projects): every emulator a test makes, however it makes it
// (startEmulator, createChatEmulator, createChatEmulatorServer, the Vite plugin), reports each
// exchange to the spec validator, and a test whose exchanges break the spec fails in afterEach.
// The mock only adds an onExchange observer (chained before any the test gives); the emulator
// itself is the real one. Requests to /__emulator/* and /identities* are not checked (not the Chat
// API). To send a malformed request on purpose, see skipRequestValidation in ./spec-validator.ts.
// Not covered: emulators in other processes (the CLI test's child process, the browser projects'
// global setup, Storybook's dev server); those run in no test worker to hook.
import { afterAll, afterEach, vi } from 'vitest';
import type * as EmulatorModule from '../../src/emulator/emulator.ts';
import { takeExchangeViolations } from './spec-validator.ts';

vi.mock('../../src/emulator/emulator.ts', async (importOriginal) => {
  const original = await importOriginal<typeof EmulatorModule>();
  // Imported here, not at the top: the factory runs before this file's own imports are bound.
  const { checkExchange } = await import('./spec-validator.ts');
  const createChatEmulator: typeof original.createChatEmulator = (options = {}) =>
    original.createChatEmulator({
      ...options,
      onExchange(exchange) {
        // Its own clone: the test's observer may read the response too.
        checkExchange({ ...exchange, response: exchange.response.clone() });
        options.onExchange?.(exchange);
      },
    });
  return { ...original, createChatEmulator };
});

async function failOnViolations(): Promise<void> {
  const violations = await takeExchangeViolations();
  if (violations.length > 0) {
    throw new Error(
      `The emulator exchanges broke the ACS Chat spec (2025-03-15):\n- ${violations.join('\n- ')}`,
    );
  }
}

afterEach(failOnViolations);
// Exchanges made in beforeAll/afterAll, or after a test's last await, surface here.
afterAll(failOnViolations);
