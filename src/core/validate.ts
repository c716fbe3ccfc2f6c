// Argument checks that run before any request, so a bad call fails fast and sends nothing.
import { ChatValidationError } from './chat-validation-error.ts';

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f]/;
// Free text may span lines and hold tabs; other control characters are not text.
// eslint-disable-next-line no-control-regex
const nonTextCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// What an HTTP header value can carry unchanged in every Fetch implementation.
export const headerValue = /^[\u0021-\u007e]+$/;

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}

export function fail(argument: string, problem: string): never {
  throw new ChatValidationError(argument, problem);
}

export function assertString(value: unknown, argument: string, maxLength = 4096): string {
  if (typeof value !== 'string') fail(argument, `expected a string, got ${describe(value)}.`);
  if (value.trim() === '') fail(argument, 'it must not be empty or blank.');
  if (value.length > maxLength) fail(argument, `it must be at most ${maxLength} characters.`);
  if (controlCharacters.test(value)) fail(argument, 'it must not contain control characters.');
  return value;
}

/**
 * Free text in a JSON body (message content, topics): any text, lines and tabs included, but not
 * empty, not other control characters, and at most `maxBytes` in UTF-8, as the service counts.
 */
export function assertText(value: unknown, argument: string, maxBytes: number): string {
  if (typeof value !== 'string') fail(argument, `expected a string, got ${describe(value)}.`);
  if (value.trim() === '') fail(argument, 'it must not be empty or blank.');
  if (nonTextCharacters.test(value))
    fail(argument, 'it must not contain control characters other than tab and line breaks.');
  // Quick bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (value.length * 3 > maxBytes && utf8Length(value) > maxBytes)
    fail(argument, `it must be at most ${maxBytes} bytes in UTF-8.`);
  return value;
}

/** A value sent in an HTTP header (the idempotency token): visible ASCII only, no spaces or line breaks. */
export function assertHeaderValue(
  value: unknown,
  argument: string,
  maxLength: number,
): string | undefined {
  if (value === undefined) return undefined;
  const text = assertString(value, argument, maxLength);
  if (!headerValue.test(text)) {
    fail(
      argument,
      'it travels in an HTTP header: use visible ASCII characters only (a UUID, say), without spaces.',
    );
  }
  return text;
}

/** Thread and message ids travel in URL paths: refuse anything that could change the path. */
export function assertId(value: unknown, argument: string): string {
  const id = assertString(value, argument, 512);
  if (/[/?#\\\s]/.test(id) || id.includes('..') || id === '.' || id !== id.trim()) {
    fail(
      argument,
      `${describe(id)} is not an id the service issues (it is '.' or has '/', '?', '#', '\\', '..' or white space).`,
    );
  }
  return id;
}

export function assertOptionalString(
  value: unknown,
  argument: string,
  maxLength?: number,
): string | undefined {
  return value === undefined ? undefined : assertString(value, argument, maxLength);
}

export function assertPositiveInteger(value: unknown, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    fail(argument, `expected a whole number from 1 to 2147483647, got ${describe(value)}.`);
  }
  return value;
}

export function assertNonNegativeInteger(value: unknown, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    fail(argument, `expected a whole number from 0 to 2147483647, got ${describe(value)}.`);
  }
  return value;
}

export function assertDate(value: unknown, argument: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    fail(
      argument,
      `expected a valid Date, got ${value instanceof Date ? 'an invalid Date' : describe(value)}.`,
    );
  }
  // Outside these years toISOString() writes a six-digit year the service cannot read.
  const year = value.getUTCFullYear();
  if (year < 0 || year > 9999)
    fail(argument, `expected a date in the years 0 to 9999, got the year ${year}.`);
  return value;
}

export function assertObject(value: unknown, argument: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(argument, `expected an object, got ${describe(value)}.`);
  }
  return value as Record<string, unknown>;
}

export function assertOptionalObject(value: unknown, argument: string): Record<string, unknown> {
  return value === undefined ? {} : assertObject(value, argument);
}

/** Metadata is name/value pairs of strings; the service caps the total at 1 KB of UTF-8. */
export function assertMetadata(
  value: unknown,
  argument: string,
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const metadata = assertObject(value, argument);
  let size = 0;
  for (const [key, entry] of Object.entries(metadata)) {
    if (typeof entry !== 'string')
      fail(`${argument}.${key}`, `expected a string, got ${describe(entry)}.`);
    size += utf8Length(key) + utf8Length(entry);
  }
  if (size > 1024)
    fail(argument, `names and values add up to ${size} bytes in UTF-8; the service allows 1024.`);
  return metadata as Record<string, string>;
}

export function assertSignal(value: unknown, argument = 'signal'): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as AbortSignal).aborted !== 'boolean'
  ) {
    fail(argument, `expected an AbortSignal, got ${describe(value)}.`);
  }
  return value as AbortSignal;
}
