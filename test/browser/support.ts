// Helpers for tests that run in Chromium: they reach the emulator only over HTTP, as a browser app
// would, since the emulator object lives in the Node process that started it (global-setup.ts).
import { inject } from 'vitest';
import type { FaultRule } from '../../src/emulator/index.ts';
import type { LoggedRequest } from '../support/request-log-server.ts';

export const emulatorUrl = inject('emulatorUrl');

export interface BrowserUser {
  userId: string;
  token: string;
}

/** A new user with a chat token, from the emulator's Identity API (open identity: no HMAC). */
export async function createUser(): Promise<BrowserUser> {
  const response = await fetch(`${emulatorUrl}/identities?api-version=2023-10-01`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ createTokenWithScopes: ['chat'] }),
  });
  if (response.status !== 201) throw new Error(`createUser: HTTP ${response.status}`);
  const body = (await response.json()) as {
    identity: { id: string };
    accessToken: { token: string };
  };
  return { userId: body.identity.id, token: body.accessToken.token };
}

async function admin(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /__emulator${path}: HTTP ${response.status}`);
}

/** Adds a fault rule; the emulator is shared by every test file, so scope rules by path. */
export const addFault = (rule: FaultRule) => admin('POST', '/faults', rule);

/** Seeds threads for existing users (no HTTP per thread). */
export const seedThreads = (participants: string[], threads: number, topic = 'Seeded') =>
  admin('POST', '/seed', { participants, threads, topic, spacingMs: 10 });

/** The emulator's requests so far whose URL contains `part`, oldest first. */
export async function loggedRequests(part: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${inject('requestLogUrl')}/?url=${encodeURIComponent(part)}`);
  return (await response.json()) as LoggedRequest[];
}

export interface ThreadRequest {
  method: string;
  /** What follows the thread's path, e.g. '/messages' ('' for the thread itself). */
  path: string;
  query: URLSearchParams;
}

/**
 * The emulator's requests to one thread so far, oldest first, however the URL wrote its id:
 * encoded, as the client writes it, or as is, as in the service's nextLinks.
 */
export async function threadRequests(threadId: string): Promise<ThreadRequest[]> {
  // The id's middle (base64url) reads the same either way.
  const middle = threadId.replace(/^19:/, '').replace(/@thread\.v2$/, '');
  const prefix = `/chat/threads/${threadId}`;
  return (await loggedRequests(middle)).flatMap((r) => {
    const url = new URL(r.url);
    const path = decodeURIComponent(url.pathname);
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return [];
    return [{ method: r.method, path: path.slice(prefix.length), query: url.searchParams }];
  });
}
