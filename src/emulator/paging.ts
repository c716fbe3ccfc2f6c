// Paging as the service does it: `maxPageSize` (clamped to the maximum), an opaque `syncState`
// cursor, and a `nextLink` that is an absolute URL carrying everything the next page needs. Like the
// service's, the link leaves the thread id unencoded and writes startTime in .NET's invariant form,
// so a client that does not treat it as opaque finds out here rather than in production.
import { badRequest } from './errors.ts';
import { formatDotNetDateTime, parseDateTime } from './validate.ts';

export interface PageSizes {
  defaultPageSize: number;
  maxPageSize: number;
}

/**
 * A query integer as the service reads one (an int32): decimal digits only, so '1e3', '0x10',
 * ' 5' and 2^31 are 400s, not numbers JavaScript happens to parse.
 */
function queryInteger(url: URL, name: string, min: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return undefined;
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= 2 ** 31 - 1)) {
    throw badRequest(
      `'${name}' must be ${min === 1 ? 'a positive' : 'a non-negative'} 32-bit integer.`,
      name,
    );
  }
  return value;
}

export function pageSize(url: URL, sizes: PageSizes): number {
  const value = queryInteger(url, 'maxPageSize', 1);
  return value === undefined ? sizes.defaultPageSize : Math.min(value, sizes.maxPageSize);
}

export function skip(url: URL): number {
  return queryInteger(url, 'skip', 0) ?? 0;
}

/** startTime as milliseconds (RFC 3339, or the .NET form the service's own nextLinks carry). */
export function startTime(url: URL): number | undefined {
  const text = url.searchParams.get('startTime');
  if (text === null || text === '') return undefined;
  const ms = parseDateTime(text);
  if (ms === undefined) throw badRequest("'startTime' must be an RFC 3339 date-time.", 'startTime');
  return ms;
}

export function encodeSyncState(state: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The cursor a nextLink carries, checked with `isValid`; a tampered one is a 400. */
export function syncState<T>(url: URL, isValid: (value: unknown) => value is T): T | undefined {
  const text = url.searchParams.get('syncState');
  if (text === null || text === '') return undefined;
  try {
    if (!/^([0-9a-f]{2})+$/i.test(text)) throw new Error('not hex');
    const bytes = new Uint8Array(text.match(/../g)!.map((pair) => parseInt(pair, 16)));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (isValid(value)) return value;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest("'syncState' is not valid.", 'syncState');
}

/**
 * An absolute nextLink. `path` is written as given (thread ids unencoded, like the service); the
 * query carries the cursor, startTime, page size and api-version.
 */
export function nextLink(
  base: string,
  path: string,
  params: {
    syncState?: string;
    skip?: number;
    startTime?: number;
    maxPageSize: number;
    apiVersion: string;
  },
): string {
  const query = new URLSearchParams();
  if (params.syncState !== undefined) query.set('syncState', params.syncState);
  if (params.skip !== undefined) query.set('skip', String(params.skip));
  if (params.syncState !== undefined) {
    query.set('startTime', formatDotNetDateTime(params.startTime ?? 0));
  }
  query.set('maxPageSize', String(params.maxPageSize));
  query.set('api-version', params.apiVersion);
  // URLSearchParams writes spaces as '+'; the service writes %20.
  return `${base}${path}?${query.toString().replace(/\+/g, '%20')}`;
}

/**
 * A page of a short list paged by position (participants, read receipts: both bounded by the
 * 250-participant limit), with a nextLink carrying the next `skip`.
 */
export function skipPage<T>(
  request: { url: URL; base: string; apiVersion: string },
  sizes: PageSizes,
  all: readonly T[],
  path: string,
): { items: T[]; nextLink?: string } {
  const size = pageSize(request.url, sizes);
  const from = skip(request.url);
  const items = all.slice(from, from + size);
  if (from + size >= all.length) return { items };
  return {
    items,
    nextLink: nextLink(request.base, path, {
      skip: from + size,
      maxPageSize: size,
      apiVersion: request.apiVersion,
    }),
  };
}
