// Every public operation checks its arguments first: a bad one throws ChatValidationError naming
// the argument, and no request leaves (counted at the emulator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  isChatValidationError,
  type ChatParticipant,
  type ChatThreadClient,
} from '../../src/core/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';

let emu: TestEmulator;
let client: ChatClient;
let thread: ChatThreadClient;

beforeAll(async () => {
  emu = await startEmulator();
  const user = await emu.user();
  client = new ChatClient(emu.url, new CommunicationTokenCredential(user.token));
  const { chatThread } = await client.createChatThread({ topic: 'valid' });
  thread = client.getChatThreadClient(chatThread!.id);
});
afterAll(() => emu.close());

const user = (communicationUserId: unknown) => ({ id: { communicationUserId } }) as ChatParticipant;
const badIds: Array<[string, unknown]> = [
  ['empty', ''],
  ['blank', '   '],
  ['number', 42],
  ['null', null],
  ['slash', '19:a/b@thread.v2'],
  ['question mark', '19:a?b@thread.v2'],
  ['hash', '19:a#b@thread.v2'],
  ['dot-dot', '..'],
  ['dot-dot segment', '19:..@thread.v2'],
  ['control character', '19:a\u0000b@thread.v2'],
  ['newline', '19:a\nb@thread.v2'],
  ['backslash', '19:a\\b@thread.v2'],
  ['inner space', '19:a b@thread.v2'],
  ['too long', `19:${'x'.repeat(600)}@thread.v2`],
  // After URL normalisation '/chat/threads/.' would be '/chat/threads/'.
  ['dot', '.'],
];
const manyUsers = Array.from({ length: 201 }, (_, i) => user(`8:acs:r_${i}`));
const year10000 = new Date(Date.UTC(10000, 0, 1));
const yearMinus1 = new Date(Date.UTC(-1, 0, 1));
// 401 UTF-16 units but 1201 UTF-8 bytes: over the service's 1 KB.
const wideMetadata = { k: '€'.repeat(400) };
// 10,000 UTF-16 units but 30,000 UTF-8 bytes: over the service's 28 KB.
const wideContent = '€'.repeat(10_000);

type Case = [name: string, argument: string, call: () => unknown];

const cases: Case[] = [
  ...badIds.map(([name, id]): Case => [
    `getChatThreadClient: ${name}`,
    'threadId',
    () => client.getChatThreadClient(id as string),
  ]),
  ...badIds.map(([name, id]): Case => [
    `deleteChatThread: ${name}`,
    'threadId',
    () => client.deleteChatThread(id as string),
  ]),
  ...badIds
    .slice(0, 8)
    .map(([name, id]): Case => [
      `getMessage: ${name}`,
      'messageId',
      () => thread.getMessage(id as string),
    ]),
  ['createChatThread: empty topic', 'request.topic', () => client.createChatThread({ topic: '' })],
  [
    'createChatThread: blank topic',
    'request.topic',
    () => client.createChatThread({ topic: ' \t ' }),
  ],
  [
    'createChatThread: topic not a string',
    'request.topic',
    () => client.createChatThread({ topic: 7 as unknown as string }),
  ],
  [
    'createChatThread: no request',
    'request',
    () => client.createChatThread(undefined as unknown as { topic: string }),
  ],
  [
    'createChatThread: topic with control chars',
    'request.topic',
    () => client.createChatThread({ topic: 'a\u0007b' }),
  ],
  [
    'createChatThread: participants not an array',
    'options.participants',
    () => client.createChatThread({ topic: 't' }, { participants: {} as never }),
  ],
  [
    'createChatThread: participant without id',
    'options.participants[0].id',
    () => client.createChatThread({ topic: 't' }, { participants: [{} as never] }),
  ],
  [
    'createChatThread: malformed ACS id',
    'options.participants[0].id.communicationUserId',
    () => client.createChatThread({ topic: 't' }, { participants: [user('bob')] }),
  ],
  [
    'createChatThread: empty ACS id',
    'options.participants[0].id.communicationUserId',
    () => client.createChatThread({ topic: 't' }, { participants: [user('')] }),
  ],
  [
    'createChatThread: ACS id not a string',
    'options.participants[0].id.communicationUserId',
    () => client.createChatThread({ topic: 't' }, { participants: [user(5)] }),
  ],
  [
    'createChatThread: unknown identifier shape',
    'options.participants[0].id',
    () =>
      client.createChatThread(
        { topic: 't' },
        { participants: [{ id: { email: 'a@b.c' } as never }] },
      ),
  ],
  [
    'createChatThread: bad phone number',
    'options.participants[0].id.phoneNumber',
    () =>
      client.createChatThread(
        { topic: 't' },
        { participants: [{ id: { phoneNumber: '555-1234' } }] },
      ),
  ],
  [
    'createChatThread: bad Teams cloud',
    'options.participants[0].id.cloud',
    () =>
      client.createChatThread(
        { topic: 't' },
        { participants: [{ id: { microsoftTeamsUserId: 'u', cloud: 'mars' as never } }] },
      ),
  ],
  [
    'createChatThread: invalid shareHistoryTime',
    'options.participants[0].shareHistoryTime',
    () =>
      client.createChatThread(
        { topic: 't' },
        {
          participants: [
            { id: { communicationUserId: '8:acs:r_u' }, shareHistoryTime: new Date('nope') },
          ],
        },
      ),
  ],
  [
    'createChatThread: metadata value not a string',
    'options.metadata.n',
    () => client.createChatThread({ topic: 't' }, { metadata: { n: 1 as unknown as string } }),
  ],
  [
    'createChatThread: metadata over 1 KB',
    'options.metadata',
    () => client.createChatThread({ topic: 't' }, { metadata: { big: 'x'.repeat(2000) } }),
  ],
  [
    'createChatThread: blank idempotency token',
    'options.idempotencyToken',
    () => client.createChatThread({ topic: 't' }, { idempotencyToken: ' ' }),
  ],
  [
    'createChatThread: retention of 5 days',
    'options.retentionPolicy.deleteThreadAfterDays',
    () =>
      client.createChatThread(
        { topic: 't' },
        { retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 5 } },
      ),
  ],
  [
    'createChatThread: unknown retention kind',
    'options.retentionPolicy.kind',
    () =>
      client.createChatThread({ topic: 't' }, { retentionPolicy: { kind: 'forever' } as never }),
  ],
  [
    'createChatThread: signal not a signal',
    'options.signal',
    () => client.createChatThread({ topic: 't' }, { signal: 'stop' as never }),
  ],
  [
    'listChatThreads: page size 0',
    'options.maxPageSize',
    () => client.listChatThreads({ maxPageSize: 0 }),
  ],
  [
    'listChatThreads: negative page size',
    'options.maxPageSize',
    () => client.listChatThreads({ maxPageSize: -5 }),
  ],
  [
    'listChatThreads: fractional page size',
    'options.maxPageSize',
    () => client.listChatThreads({ maxPageSize: 2.5 }),
  ],
  [
    'listChatThreads: NaN page size',
    'options.maxPageSize',
    () => client.listChatThreads({ maxPageSize: NaN }),
  ],
  [
    'listChatThreads: Infinity page size',
    'options.maxPageSize',
    () => client.listChatThreads({ maxPageSize: Infinity }),
  ],
  [
    'listChatThreads: page size as string',
    'options.maxPageSize',
    () => client.listChatThreads({ maxPageSize: '10' as never }),
  ],
  [
    'listChatThreads: invalid Date',
    'options.startTime',
    () => client.listChatThreads({ startTime: new Date('invalid') }),
  ],
  [
    'listChatThreads: startTime as string',
    'options.startTime',
    () => client.listChatThreads({ startTime: '2024-01-01' as never }),
  ],
  [
    'listChatThreads: continuation token not a string',
    'continuationToken',
    () =>
      client
        .listChatThreads()
        .byPage({ continuationToken: 5 as never })
        .next(),
  ],
  ['updateTopic: blank', 'topic', () => thread.updateTopic('  ')],
  ['updateProperties: blank topic', 'options.topic', () => thread.updateProperties({ topic: '' })],
  [
    'updateProperties: bad metadata',
    'options.metadata',
    () => thread.updateProperties({ metadata: [] as never }),
  ],
  ['sendMessage: empty content', 'request.content', () => thread.sendMessage({ content: '' })],
  [
    'sendMessage: content over 28 KB',
    'request.content',
    () => thread.sendMessage({ content: 'x'.repeat(29 * 1024) }),
  ],
  [
    'sendMessage: system message type',
    'options.type',
    () => thread.sendMessage({ content: 'x' }, { type: 'topicUpdated' }),
  ],
  [
    'sendMessage: display name not a string',
    'options.senderDisplayName',
    () => thread.sendMessage({ content: 'x' }, { senderDisplayName: {} as never }),
  ],
  [
    'listMessages: page size 0',
    'options.maxPageSize',
    () => thread.listMessages({ maxPageSize: 0 }),
  ],
  [
    'listMessages: invalid startTime',
    'options.startTime',
    () => thread.listMessages({ startTime: new Date(NaN) }),
  ],
  ['updateMessage: bad id', 'messageId', () => thread.updateMessage('1/2', { content: 'x' })],
  [
    'updateMessage: blank content',
    'options.content',
    () => thread.updateMessage('1', { content: ' ' }),
  ],
  ['deleteMessage: empty id', 'messageId', () => thread.deleteMessage('')],
  ['listParticipants: negative skip', 'options.skip', () => thread.listParticipants({ skip: -1 })],
  [
    'listParticipants: fractional page size',
    'options.maxPageSize',
    () => thread.listParticipants({ maxPageSize: 1.5 }),
  ],
  [
    'addParticipants: empty list',
    'request.participants',
    () => thread.addParticipants({ participants: [] }),
  ],
  [
    'addParticipants: malformed identifier',
    'request.participants[0].id.communicationUserId',
    () => thread.addParticipants({ participants: [user('not-an-id')] }),
  ],
  [
    'removeParticipant: malformed identifier',
    'participant.communicationUserId',
    () => thread.removeParticipant({ communicationUserId: 'x' }),
  ],
  ['removeParticipant: null', 'participant', () => thread.removeParticipant(null as never)],
  [
    'sendReadReceipt: blank id',
    'request.chatMessageId',
    () => thread.sendReadReceipt({ chatMessageId: ' ' }),
  ],
  [
    'sendReadReceipt: id with slash',
    'request.chatMessageId',
    () => thread.sendReadReceipt({ chatMessageId: '1/2' }),
  ],
  ['listReadReceipts: NaN skip', 'options.skip', () => thread.listReadReceipts({ skip: NaN })],
  [
    'sendTypingNotification: name not a string',
    'options.senderDisplayName',
    () => thread.sendTypingNotification({ senderDisplayName: 3 as never }),
  ],
  ['getMessage: dot', 'messageId', () => thread.getMessage('.')],
  ['deleteMessage: dot-dot', 'messageId', () => thread.deleteMessage('..')],
  [
    'createChatThread: 201 participants',
    'options.participants',
    () => client.createChatThread({ topic: 't' }, { participants: manyUsers }),
  ],
  [
    'addParticipants: 201 participants',
    'request.participants',
    () => thread.addParticipants({ participants: manyUsers }),
  ],
  [
    'listChatThreads: startTime in the year 10000',
    'options.startTime',
    () => client.listChatThreads({ startTime: year10000 }),
  ],
  [
    'listMessages: startTime in the year 10000',
    'options.startTime',
    () => thread.listMessages({ startTime: year10000 }),
  ],
  [
    'addParticipants: shareHistoryTime before the year 0',
    'request.participants[0].shareHistoryTime',
    () =>
      thread.addParticipants({
        participants: [{ id: { communicationUserId: '8:acs:r_u' }, shareHistoryTime: yearMinus1 }],
      }),
  ],
  [
    'createChatThread: metadata over 1 KB in UTF-8 only',
    'options.metadata',
    () => client.createChatThread({ topic: 't' }, { metadata: wideMetadata }),
  ],
  [
    'updateProperties: metadata over 1 KB in UTF-8 only',
    'options.metadata',
    () => thread.updateProperties({ metadata: wideMetadata }),
  ],
  [
    'sendMessage: metadata over 1 KB in UTF-8 only',
    'options.metadata',
    () => thread.sendMessage({ content: 'x' }, { metadata: wideMetadata }),
  ],
  [
    'sendMessage: content over 28 KB in UTF-8 only',
    'request.content',
    () => thread.sendMessage({ content: wideContent }),
  ],
  [
    'updateMessage: content over 28 KB in UTF-8 only',
    'options.content',
    () => thread.updateMessage('1', { content: wideContent }),
  ],
  [
    'sendMessage: NUL in content',
    'request.content',
    () => thread.sendMessage({ content: 'a\u0000b' }),
  ],
  [
    'sendMessage: escape character in content',
    'request.content',
    () => thread.sendMessage({ content: '\u001b[31mred' }),
  ],
  [
    'createChatThread: non-ASCII idempotency token',
    'options.idempotencyToken',
    () => client.createChatThread({ topic: 't' }, { idempotencyToken: 'tökén' }),
  ],
  [
    'createChatThread: idempotency token with CR LF',
    'options.idempotencyToken',
    () => client.createChatThread({ topic: 't' }, { idempotencyToken: 'a\r\nx-injected: 1' }),
  ],
  [
    'createChatThread: idempotency token with a space',
    'options.idempotencyToken',
    () => client.createChatThread({ topic: 't' }, { idempotencyToken: 'a b' }),
  ],
  ['ChatClient: relative endpoint', 'endpoint', () => new ChatClient('/chat', 'x')],
  ['ChatClient: empty endpoint', 'endpoint', () => new ChatClient('', 'x')],
  ['ChatClient: ftp endpoint', 'endpoint', () => new ChatClient('ftp://example.com', 'x')],
  [
    'ChatClient: plain http to a remote host',
    'endpoint',
    () => new ChatClient('http://example.com', 'x'),
  ],
  [
    'ChatClient: endpoint with a query',
    'endpoint',
    () => new ChatClient('https://example.com/?sig=1', 'x'),
  ],
  [
    'ChatClient: no credential',
    'credential',
    () => new ChatClient('https://example.com', undefined as never),
  ],
  [
    'ChatClient: credential without getToken',
    'credential',
    () => new ChatClient('https://example.com', {} as never),
  ],
  [
    'ChatClient: token that is not a JWT',
    'token',
    () => new ChatClient('https://example.com', 'not-a-jwt'),
  ],
  [
    'CommunicationTokenCredential: no refresher',
    'credential',
    () => new CommunicationTokenCredential({} as never),
  ],
];

describe('input validation', () => {
  it('has a catalogue of at least 50 bad inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases)('%s -> ChatValidationError(%s), no request', async (_name, argument, call) => {
    emu.emulator.clearRequests();
    let caught: unknown;
    try {
      const result = call();
      // Paged lists validate when called; others reject their promise.
      if (result instanceof Promise) await result;
    } catch (error) {
      caught = error;
    }
    expect(isChatValidationError(caught), String(caught)).toBe(true);
    if (isChatValidationError(caught)) {
      expect(caught.argument).toBe(argument);
      expect(caught.message).toContain(argument);
    }
    expect(emu.emulator.requests).toHaveLength(0);
  });
});

describe('what is valid is sent', () => {
  it.each([
    ['two lines', 'line 1\nline 2'],
    ['Windows line breaks', 'line 1\r\nline 2'],
    ['a tab', 'name:\tvalue'],
    ['html with newlines', '<p>one</p>\n<p>two</p>'],
    ['28 KB of ASCII', 'x'.repeat(28 * 1024)],
    ['emoji and accents', 'ça va? 👍🏽'],
  ])('sends and reads back a message with %s', async (_name, content) => {
    const { id } = await thread.sendMessage({ content });
    expect((await thread.getMessage(id)).content?.message).toBe(content);
  });

  it('edits a message to several lines', async () => {
    const { id } = await thread.sendMessage({ content: 'one line' });
    await thread.updateMessage(id, { content: 'now\ntwo lines' });
    expect((await thread.getMessage(id)).content?.message).toBe('now\ntwo lines');
  });

  it('sends metadata of exactly 1 KB in UTF-8', async () => {
    // 'k' + 341 x '€' = 1 + 1023 bytes.
    const metadata = { k: '€'.repeat(341) };
    const { id } = await thread.sendMessage({ content: 'm' }, { metadata });
    expect((await thread.getMessage(id)).metadata).toEqual(metadata);
  });

  it('lists from dates in the years 0 and 9999', async () => {
    const early = new Date(Date.UTC(0, 0, 1));
    early.setUTCFullYear(0);
    await expect(thread.listMessages({ startTime: early }).next()).resolves.toBeDefined();
    const late = new Date(Date.UTC(9999, 11, 31));
    await expect(thread.listMessages({ startTime: late }).next()).resolves.toBeDefined();
  });
});
