// One HTTP request of the real-time channel (configuration, allocation, handshake, registrar):
// plain fetch, as the official client's, under a 10 s timeout and the connection's signal, with
// its body read under a size cap. Fails with a ChatError, or with the signal's reason once stopped.
import { ChatError } from '../chat-error.ts';
import { readText } from '../response-body.ts';
import { serviceError } from '../service-error.ts';
import type { RealtimeClock } from './chat-realtime-client-options.ts';
import { fetchMs } from './trouter-settings.ts';

export interface RealtimeResponse {
  status: number;
  headers: Headers;
  text: string;
}

// The channel's answers are small (a configuration, an allocation, a session id).
const maxBodyBytes = 64 * 1024;

/** Sends the request; a status that is not 2xx is an error unless `accept` says otherwise. */
export async function realtimeRequest(
  fetch: (input: string, init?: RequestInit) => Promise<Response>,
  clock: RealtimeClock,
  signal: AbortSignal,
  operation: string,
  url: string,
  init: RequestInit,
  accept: (status: number) => boolean = (status) => status >= 200 && status < 300,
): Promise<RealtimeResponse> {
  if (signal.aborted) throw signal.reason;
  const controller = new AbortController();
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward);
  const timer = clock.setTimeout(
    () =>
      controller.abort(
        new ChatError(`${operation} got no answer within ${fetchMs} ms.`, {
          code: 'Timeout',
        }),
      ),
    fetchMs,
  );
  try {
    // Called unbound (a browser's fetch throws "Illegal invocation" when `this` is not the
    // window). A redirect would carry the token elsewhere: it is an error, never followed.
    const response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: controller.signal,
    });
    // React Native's fetch has no body stream: its text() is all there is.
    const text = response.body
      ? await readText(response, controller.signal, maxBodyBytes, operation)
      : await response.text();
    const result = { status: response.status, headers: response.headers, text };
    if (!accept(response.status)) throw statusError(result, operation);
    return result;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (controller.signal.aborted) throw controller.signal.reason;
    if (error instanceof ChatError) throw error;
    throw new ChatError(
      `${operation} could not reach ${new URL(url).origin}: ${error instanceof Error ? error.message : String(error)}.`,
      { code: 'NetworkError', cause: error },
    );
  } finally {
    clock.clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}

/** The error for a response whose status says it failed. */
export function statusError(response: RealtimeResponse, operation: string): ChatError {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    // Not JSON: the status tells the story.
  }
  return serviceError(response.status, response.headers, body, operation);
}
