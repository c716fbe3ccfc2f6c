// What every operation takes besides its own options: the signal that cancels it. The official
// SDK calls it `abortSignal`; fetch and TanStack Query call it `signal`. Both are read, so code
// moved from the official SDK cancels as it did; an option the official SDK takes and this client
// cannot honour is refused, not dropped.
import { assertSignal, fail } from './validate.ts';

/** Every operation takes an AbortSignal, by either name. */
export interface OperationOptions {
  /** Cancels the call: the official SDK's name for it. */
  abortSignal?: AbortSignal;
  /** The same as `abortSignal` (fetch's name for it). Set one, or both to the same signal. */
  signal?: AbortSignal;
}

// The official operations' other options (from @azure/core-client), and why this client refuses
// them rather than ignore them: each would change what the call does.
const unsupported: Record<string, string> = {
  requestOptions:
    'not supported; set timeout in ChatClientOptions, or pass AbortSignal.timeout(ms).',
  onResponse: 'not supported; pass a fetch in ChatClientOptions to see responses.',
};

/**
 * The signal of an operation's `options` (already checked to be an object): `abortSignal` or
 * `signal`. Two different signals are refused, since the client would have to ignore one of them.
 */
export function operationSignal(
  options: Record<string, unknown>,
  argument = 'options',
): AbortSignal | undefined {
  const abortSignal = assertSignal(options.abortSignal, `${argument}.abortSignal`);
  const signal = assertSignal(options.signal, `${argument}.signal`);
  if (abortSignal !== undefined && signal !== undefined && abortSignal !== signal) {
    fail(`${argument}.abortSignal`, `it and ${argument}.signal are different signals; pass one.`);
  }
  for (const [name, problem] of Object.entries(unsupported)) {
    if (options[name] !== undefined) fail(`${argument}.${name}`, problem);
  }
  return abortSignal ?? signal;
}
