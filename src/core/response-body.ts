// Reads a response body as text, chunk by chunk, so it can be stopped: by the attempt's signal
// (timeout, abort, close) at any chunk, and by a byte budget, so a hostile or broken server cannot
// make the client buffer hundreds of megabytes. Where fetch gives no body stream (React Native),
// the whole text is read instead, held to the same budget.
import { abortable } from './call-scope.ts';
import { ChatError } from './chat-error.ts';
import { requestIdOf } from './service-error.ts';

/** A failure while the body was arriving (a reset connection): retried like a network error. */
export class BodyReadError extends Error {
  override name = 'BodyReadError';
}

function tooLarge(operation: string, maxBytes: number, response: Response): ChatError {
  return new ChatError(
    `${operation}: the response is larger than ${maxBytes} bytes, the client's maxResponseBytes; ` +
      'raise that option if the service really sends this much.',
    {
      code: 'ResponseTooLarge',
      statusCode: response.status,
      requestId: requestIdOf(response.headers),
    },
  );
}

/** The bytes `text` takes in UTF-8 (a lone surrogate counts as the 3 of U+FFFD, as encoders write it). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * React Native's fetch (and other non-streaming ones) has `response.body` null but a working
 * `text()`: the body arrives whole, so the budget is checked by `content-length` before (by the
 * caller) and by the text's UTF-8 size after.
 */
async function readWholeText(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
  operation: string,
): Promise<string> {
  let text: string;
  try {
    text = await abortable(response.text(), signal);
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new BodyReadError(
      `the connection failed while the body arrived: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  if (utf8Length(text) > maxBytes) throw tooLarge(operation, maxBytes, response);
  return text;
}

export async function readText(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
  operation: string,
): Promise<string> {
  const body = response.body;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    void body?.cancel().catch(() => undefined);
    throw tooLarge(operation, maxBytes, response);
  }
  if (!body) return readWholeText(response, signal, maxBytes, operation);
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await abortable(reader.read(), signal);
      } catch (cause) {
        if (signal.aborted) throw cause;
        throw new BodyReadError(
          `the connection failed while the body arrived: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        );
      }
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > maxBytes) throw tooLarge(operation, maxBytes, response);
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch (error) {
    // Tell the connection we are done with it, whatever the reason we stopped reading.
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  return text + decoder.decode();
}
