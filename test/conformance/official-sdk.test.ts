// The official @azure/communication-chat and @azure/communication-common, unchanged, against the
// emulator over real HTTPS: the conformance scenario (scenario.ts) and the errors the service gives.
// Every exchange is also checked against the spec by the test tap (spec-validation-setup.ts).
// Where the emulator deliberately differs from the real service, and why: DEVIATIONS.md, in short:
// - statuses beyond the spec: 400/404 (as the service), 405/413/415 (gateway), 500 (faults only);
// - paging: default page 20, maxPageSize clamped to 200, nextLink like the service's (unencoded
//   thread id, .NET startTime), skip for participants and receipts;
// - deleting a missing or deleted thread: 204; deleted threads stay listed with deletedOn and answer
//   404 otherwise; removed participants get 403 and keep the thread listed;
// - repeatability ids never expire; soft-deleted messages; only text/html can be sent; limits (topic
//   512, content 28 KB, metadata 1 KB, 200 per request, 250 per thread);
// - phone/Teams identifiers accepted unchecked; unknown kinds kept as 'unknown';
// - typing goes nowhere (no real-time channel); retention policies never delete;
// - only spec-declared response fields (the service adds some); lenient media types; own tokens;
//   the Identity API, CORS and /__emulator admin routes on the same origin; HTTPS self-signed.
import { ChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  runScenario,
  startHttpsEmulator,
  type HttpsEmulator,
  type ScenarioClient,
  type ScenarioResult,
} from './scenario.ts';

let emu: HttpsEmulator;
let result: ScenarioResult;
const token = crypto.randomUUID();

const sdkClient = (user: { token: string }) =>
  new ChatClient(emu.server.url, new AzureCommunicationTokenCredential(user.token));

beforeAll(async () => {
  emu = await startHttpsEmulator();
  // The official client, as is; the cast only narrows it to the methods the scenario calls.
  result = await runScenario(
    (user: EmulatorUser) => sdkClient(user) as unknown as ScenarioClient,
    emu.users,
    token,
  );
});
afterAll(() => emu.close());

describe('the official SDK against the emulator over HTTPS', () => {
  it('serves https', () => {
    expect(emu.server.url).toMatch(/^https:\/\//);
  });

  it('creates a thread with participants; the same idempotency token gives the same thread', () => {
    expect(result.threadId).toMatch(/^19:.+@thread\.v2$/);
    expect(result.repeatedThreadId).toBe(result.threadId);
    const creates = emu.server.emulator.requests.filter(
      (r) => r.method === 'POST' && new URL(r.url).pathname === '/chat/threads',
    );
    expect(creates[0]!.headers['repeatability-request-id']).toBe(token);
    // The SDK makes up a token per call when given none (three more threads were created).
    const others = creates.slice(2).map((r) => r.headers['repeatability-request-id']);
    expect(others).toHaveLength(3);
    expect(new Set(others).size).toBe(3);
  });

  it('lists threads over several pages with byPage', () => {
    expect(result.threadPages.map((page) => page.length)).toEqual([2, 2]);
    const ids = result.threadPages.flat().map((t) => t.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids).toContain(result.threadId);
  });

  it('gets and updates properties', () => {
    expect(result.propertiesAfterUpdate).toMatchObject({
      topic: 'Conformance, renamed',
      metadata: { team: 'blue' },
    });
  });

  it('sends, gets, edits, lists and deletes messages', () => {
    expect(result.fetchedMessage.content?.message).toBe('Hello');
    expect(result.editedText).toBe('Hello, edited');
    const messages = result.messagePages.flat();
    expect(result.messagePages.length).toBeGreaterThan(1);
    const deleted = messages.find((m) => m.id === result.messageId);
    expect(deleted?.deletedOn).toBeInstanceOf(Date);
    expect(messages.map((m) => m.type)).toEqual(
      expect.arrayContaining(['text', 'topicUpdated', 'participantAdded']),
    );
  });

  it('adds, lists (paged) and removes participants', () => {
    expect(result.participantPages.map((page) => page.length)).toEqual([2, 1]);
    expect(result.participantPages.flat().map((p) => p.displayName)).toContain('Carol');
    expect(result.participantsAfterRemove).toBe(2);
  });

  it('sends and lists read receipts, and sends typing notifications', () => {
    expect(result.receipts.map((r) => r.chatMessageId)).toHaveLength(1);
    expect(result.typingSent).toBe(true);
  });

  it('deletes the thread: it stays in the list with deletedOn', () => {
    const deleted = result.threadsAfterDelete.find((t) => t.id === result.threadId);
    expect(deleted?.deletedOn).toBeInstanceOf(Date);
  });
});

describe('errors surface as the service’s, as RestError with statusCode and code', () => {
  async function restError(promise: Promise<unknown>) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('RestError');
    return error as Error & { statusCode?: number; code?: string };
  }

  it('401 for a token the service did not issue', async () => {
    // A well-formed token signed by another emulator's key: the SDK sends it, the service refuses it.
    const other = await startHttpsEmulator();
    const foreign = other.users.ann;
    await other.close();
    const error = await restError(sdkClient(foreign).listChatThreads().next());
    expect(error).toMatchObject({ statusCode: 401, code: 'Unauthorized' });
  });

  it('403 for a thread the caller is not in', async () => {
    const { ann, bob } = emu.users;
    const thread = await sdkClient(ann).createChatThread({ topic: 'Private' });
    const error = await restError(
      sdkClient(bob).getChatThreadClient(thread.chatThread!.id).getProperties(),
    );
    expect(error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
    const send = await restError(
      sdkClient(bob).getChatThreadClient(thread.chatThread!.id).sendMessage({ content: 'x' }),
    );
    expect(send).toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });

  it('429 and 503 with the emulator’s retry hints: the SDK retries, then surfaces the status', async () => {
    const { ann } = emu.users;
    const faults = emu.server.emulator.faults;
    // Two refusals, then success: the SDK's retry policy honours retry-after-ms and gets through.
    faults.add({ status: 503, times: 1, retryAfterMs: 10, path: '/chat/threads' });
    faults.add({ status: 429, times: 1, retryAfterMs: 10, path: '/chat/threads' });
    const page = await sdkClient(ann).listChatThreads().byPage().next();
    expect(page.done).toBe(false);
    // Refused more often than it retries (3 retries): the last refusal surfaces.
    faults.add({ status: 429, times: 4, retryAfterMs: 10, path: '/chat/threads' });
    const error = await restError(sdkClient(ann).listChatThreads().next());
    expect(error).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    expect(faults.list()).toEqual([]); // four attempts: the first and three retries
  });

  it('404 for a thread that does not exist, or no longer does', async () => {
    const { ann } = emu.users;
    const missing = sdkClient(ann).getChatThreadClient('19:doesnotexist@thread.v2');
    const error = await restError(missing.getProperties());
    expect(error).toMatchObject({ statusCode: 404, code: 'NotFound' });
    const deleted = sdkClient(ann).getChatThreadClient(result.threadId);
    expect(await restError(deleted.sendMessage({ content: 'x' }))).toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
  });
});
