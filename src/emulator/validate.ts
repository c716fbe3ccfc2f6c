// Field checks for request bodies. Each throws a 400 naming the offending field in `target`.
import { badRequest } from './errors.ts';

/** Thread topics: the emulator's limit (the service documents none); generous for any real UI. */
export const maxTopicLength = 512;
/** "The total size of all metadata pairs can be up to 1KB in size" (spec). */
export const maxMetadataBytes = 1024;
/** ACS documents 28 KB as the largest chat message. */
export const maxMessageContentBytes = 28 * 1024;

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

export function optionalString(
  body: Record<string, unknown>,
  key: string,
  options: { nonEmpty?: boolean; maxLength?: number; maxBytes?: number; target?: string } = {},
): string | undefined {
  const value = body[key];
  const target = options.target ?? key;
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`'${key}' must be a string.`, target);
  if (options.nonEmpty && value.trim() === '')
    throw badRequest(`'${key}' must not be empty.`, target);
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    throw badRequest(`'${key}' is longer than ${options.maxLength} characters.`, target);
  }
  if (options.maxBytes !== undefined && utf8Length(value) > options.maxBytes) {
    throw badRequest(`'${key}' is larger than ${options.maxBytes} bytes.`, target);
  }
  return value;
}

export function requiredString(
  body: Record<string, unknown>,
  key: string,
  options: { nonEmpty?: boolean; maxLength?: number; maxBytes?: number; target?: string } = {},
): string {
  const value = optionalString(body, key, options);
  if (value === undefined) throw badRequest(`'${key}' is required.`, options.target ?? key);
  return value;
}

/** Checks a metadata map's types and its 1 KB budget (keys and values, UTF-8). */
export function checkMetadata(metadata: Record<string, string>, target: string): void {
  let size = 0;
  for (const [key, value] of Object.entries(metadata)) size += utf8Length(key) + utf8Length(value);
  if (size > maxMetadataBytes) {
    throw badRequest(`Metadata is larger than ${maxMetadataBytes} bytes.`, target);
  }
}

const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** A `{ [name]: string }` map; with `allowNull`, null values mean "remove" (merge-patch). */
export function optionalStringMap(
  body: Record<string, unknown>,
  key: string,
  options: { allowNull?: boolean; target?: string } = {},
): Record<string, string | null> | undefined {
  const value = body[key];
  const target = options.target ?? key;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`'${key}' must be an object of strings.`, target);
  }
  const result: Record<string, string | null> = {};
  for (const [name, item] of Object.entries(value)) {
    // Assigning these to a plain object would change its prototype, not add a key: refuse them.
    if (reservedKeys.has(name)) {
      throw badRequest(`'${key}' must not have the key '${name}'.`, `${target}.${name}`);
    }
    if (item === null && options.allowNull) result[name] = null;
    else if (typeof item === 'string') result[name] = item;
    else throw badRequest(`'${key}.${name}' must be a string.`, `${target}.${name}`);
  }
  return result;
}

/** RFC 7396 for a flat string map: null removes a key, a string sets it. */
export function mergeStringMap(
  current: Record<string, string> | undefined,
  patch: Record<string, string | null>,
): Record<string, string> {
  const merged: Record<string, string> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

export function withoutNulls(map: Record<string, string | null>): Record<string, string> {
  return mergeStringMap(undefined, map);
}

/** An RFC 3339 date-time, as milliseconds since the epoch. */
export function optionalDateTime(
  body: Record<string, unknown>,
  key: string,
  target = key,
): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (ms === undefined) throw badRequest(`'${key}' must be an RFC 3339 date-time.`, target);
  return ms;
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;
// The service writes startTime into nextLink in .NET's invariant form: `1/1/1970 12:00:00 AM +00:00`.
const dotNet =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM) ([+-])(\d{2}):(\d{2})$/i;

interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** East of UTC, in minutes. */
  offset: number;
}

/** The instant, or undefined for a date that does not exist (31 June, 25:00, +99:99). */
function instant(parts: DateTimeParts): number | undefined {
  const { year, month, day, hour, minute, second, millisecond, offset } = parts;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  if (Math.abs(offset) > 18 * 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it reads years 0-99 as 1900-1999
  if (date.getUTCDate() !== day) return undefined; // 30 February rolled over into March
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime() - offset * 60_000;
}

const offsetMinutes = (sign: string | undefined, hours: string, minutes: string) =>
  Number(minutes) > 59
    ? Infinity
    : (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));

export function parseDateTime(value: string): number | undefined {
  const text = value.trim();
  const iso = rfc3339.exec(text);
  if (iso !== null) {
    const [, year, month, day, hour, minute, second, fraction, sign, offsetH, offsetM] = iso;
    return instant({
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second ?? 0),
      millisecond: Math.floor(Number(`0${fraction ?? ''}`) * 1000),
      offset: sign === undefined ? 0 : offsetMinutes(sign, offsetH!, offsetM!),
    });
  }
  const net = dotNet.exec(text);
  if (net === null) return undefined;
  const [, month, day, year, hour, minute, second, ampm, sign, offsetH, offsetM] = net;
  const h12 = Number(hour);
  if (h12 < 1 || h12 > 12) return undefined; // a 12-hour clock: 12:00:00 AM is midnight
  return instant({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: (h12 % 12) + (ampm!.toUpperCase() === 'PM' ? 12 : 0),
    minute: Number(minute),
    second: Number(second),
    millisecond: 0,
    offset: offsetMinutes(sign, offsetH!, offsetM!),
  });
}

/** Times go out as the service writes them: UTC, whole seconds, `2025-01-01T10:00:00Z`. */
export function formatDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The .NET invariant form the service puts in nextLink: `M/d/yyyy h:mm:ss tt +00:00`. */
export function formatDotNetDateTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'} +00:00`;
}
