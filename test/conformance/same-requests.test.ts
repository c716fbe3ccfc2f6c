// The same scenario with our core client and with the official SDK, each against its own fresh
// emulator over HTTPS; the two request logs are compared after normalising what must differ (ids
// the server makes, times, per-call UUIDs): same methods, paths, query parameters and bodies.
// Deliberate differences are asserted below, not hidden:
// - Headers: the SDK sends `x-ms-client-request-id` (a UUID per request, for support cases) and a
//   user-agent naming it; ours sends neither. Node's fetch adds `accept-language` and
//   `sec-fetch-mode`. Both send `accept: application/json`. Content-Type values are identical
//   (application/json; application/merge-patch+json for the PATCHes).
// - Query parameter order on first pages: ours writes api-version first, the SDK last.
// - Path encoding of thread ids: both percent-encode them (`19%3A...%40thread.v2`); nextLinks are
//   followed as given (unencoded), by both.
// - Everything else matches (see the tests), including the later pages' queries, the typing body and
//   the identifier shape of participant requests (rawId + communicationUser, no kind, from both).
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, CommunicationTokenCredential } from '../../src/core/index.ts';
import type { EmulatorRequestRecord } from '../../src/emulator/index.ts';
import {
  runScenario,
  startHttpsEmulator,
  type HttpsEmulator,
  type ScenarioClient,
} from './scenario.ts';

interface NormalRequest {
  method: string;
  /** Decoded. */
  path: string;
  /** As sent, percent-encoding included. */
  rawPath: string;
  contentType: string | undefined;
  accept: string | undefined;
  query: Array<[string, string]>;
  body: unknown;
  headers: string[];
}

let ours: NormalRequest[];
let official: NormalRequest[];
let oursRaw: EmulatorRequestRecord[];
let officialRaw: EmulatorRequestRecord[];
const emulators: HttpsEmulator[] = [];

/**
 * Replaces what must differ between two runs: server-made ids (by order of first appearance, so
 * the same id maps to the same name in both runs), user ids, UUIDs, times and cursors.
 */
function normalizer(emu: HttpsEmulator) {
  const names = new Map<string, string>();
  const { ann, bob, carol } = emu.users;
  for (const [id, name] of [
    [ann.userId, '<ann>'],
    [bob.userId, '<bob>'],
    [carol.userId, '<carol>'],
  ] as const) {
    names.set(id, name);
  }
  const name = (value: string, kind: string) => {
    if (!names.has(value)) names.set(value, `<${kind}${names.size - 2}>`);
    return names.get(value)!;
  };
  const text = (value: string): string =>
    value
      .replace(/19:[^/?&"\s]+@thread\.v2/g, (id) => name(id, 'thread'))
      .replace(/8:acs:[0-9a-f-]+_[0-9a-f-]+/g, (id) => names.get(id) ?? id)
      .replace(/\b\d{13}\b/g, (id) => name(id, 'message'))
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
      .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>');
  const deep = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(deep);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
    }
    return value;
  };
  return (record: EmulatorRequestRecord): NormalRequest => {
    const url = new URL(record.url);
    return {
      method: record.method,
      path: text(decodeURIComponent(url.pathname)),
      rawPath: text(
        url.pathname.replace(
          /19%3A[^/?&]+%40thread\.v2/gi,
          (id) => `${name(decodeURIComponent(id), 'thread')}(encoded)`,
        ),
      ),
      contentType: record.headers['content-type'],
      accept: record.headers.accept,
      query: [...url.searchParams].map(([k, v]): [string, string] => [
        k,
        k === 'syncState' ? '<cursor>' : text(v),
      ]),
      body: record.body === '' ? undefined : deep(JSON.parse(record.body)),
      headers: Object.keys(record.headers).sort(),
    };
  };
}

beforeAll(async () => {
  const token = crypto.randomUUID();
  const a = await startHttpsEmulator();
  const b = await startHttpsEmulator();
  emulators.push(a, b);
  const fast = { retryOptions: { retryDelayInMs: 5, maxRetryDelayInMs: 20 } };
  await runScenario(
    (user) =>
      new ChatClient(
        a.server.url,
        new CommunicationTokenCredential(user.token),
        fast,
      ) as unknown as ScenarioClient,
    a.users,
    token,
  );
  await runScenario(
    (user) =>
      new OfficialChatClient(
        b.server.url,
        new AzureCommunicationTokenCredential(user.token),
      ) as unknown as ScenarioClient,
    b.users,
    token,
  );
  oursRaw = [...a.server.emulator.requests];
  officialRaw = [...b.server.emulator.requests];
  ours = oursRaw.map(normalizer(a));
  official = officialRaw.map(normalizer(b));
});
afterAll(() => Promise.all(emulators.map((e) => e.close())));

describe('our core client and the official SDK send the same requests', () => {
  it('sends the same number of requests, in the same order', () => {
    expect(ours.length).toBe(official.length);
    expect(ours.map((r) => `${r.method} ${r.path}`)).toEqual(
      official.map((r) => `${r.method} ${r.path}`),
    );
  });

  it('uses the same methods, paths (thread ids percent-encoded alike) and bodies', () => {
    const shape = ({ method, path, rawPath, body, contentType }: NormalRequest) => ({
      method,
      path,
      rawPath,
      body,
      contentType,
    });
    expect(ours.map(shape)).toEqual(official.map(shape));
    // Both ask for JSON.
    expect(new Set(official.map((r) => r.accept))).toEqual(new Set(['application/json']));
    expect(new Set(ours.map((r) => r.accept))).toEqual(new Set(['application/json']));
  });

  it('sends the same query parameters; only their order differs on first pages', () => {
    const sorted = (r: NormalRequest) => [...r.query].sort(([a], [b]) => a.localeCompare(b));
    expect(ours.map(sorted)).toEqual(official.map(sorted));
    // Deliberate: ours writes api-version first, the SDK last; nextLinks are followed verbatim by
    // both, so later pages are identical to the byte.
    const firstPages = ours.filter((r) => r.method === 'GET' && r.query.length === 2);
    expect(firstPages.map((r) => r.query[0]![0])).toEqual([
      'api-version',
      'api-version',
      'api-version',
    ]);
    const nextPages = (list: NormalRequest[]) =>
      list.filter((r) => r.query.some(([k]) => k === 'syncState' || k === 'skip'));
    expect(nextPages(ours).map((r) => r.query)).toEqual(nextPages(official).map((r) => r.query));
    expect(nextPages(ours)).toHaveLength(4);
  });

  it('sends the same idempotency token on the repeated create, and a fresh UUID otherwise', () => {
    const tokens = (raw: EmulatorRequestRecord[]) =>
      raw
        .filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/chat/threads')
        .map((r) => r.headers['repeatability-request-id']);
    const [a, b] = [tokens(oursRaw), tokens(officialRaw)];
    expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
    for (const list of [a, b]) {
      expect(list[0]).toBe(list[1]);
      expect(new Set(list).size).toBe(4);
      for (const token of list.slice(2))
        expect(token).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
    }
  });

  it('differs in headers only as documented', () => {
    const names = (list: NormalRequest[]) => new Set(list.flatMap((r) => r.headers));
    const [a, b] = [names(ours), names(official)];
    // fetch (undici) adds accept-language and sec-fetch-mode; the SDK adds a client request id.
    expect([...a].filter((n) => !b.has(n)).sort()).toEqual(['accept-language', 'sec-fetch-mode']);
    expect([...b].filter((n) => !a.has(n)).sort()).toEqual(['x-ms-client-request-id']);
    // The SDK's user agent names it; ours is the runtime's (Node's fetch says "node").
    expect(officialRaw[0]!.headers['user-agent']).toMatch(/^azsdk-js-communication-chat\//);
    expect(oursRaw[0]!.headers['user-agent']).not.toMatch(/azsdk/);
    // Both send the token the same way.
    for (const raw of [oursRaw, officialRaw]) {
      for (const r of raw) expect(r.headers.authorization).toMatch(/^Bearer ey/);
    }
  });
});
