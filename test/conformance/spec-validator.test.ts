// The spec validator itself: conforming exchanges pass, and each deliberately broken one is caught.
// While building it, four breakages were made in the emulator itself and each failed
// test/core/chat-client.test.ts through the test tap (then reverted):
// - `createdOn` of a thread renamed to `createdon` (required field missing, undeclared field)
// - create thread answering 200 instead of 201 (status the spec does not list)
// - times written as `2025-01-01 10:00:00.000` (not an RFC 3339 date-time)
// - identifiers written without `kind` (required in responses from 2023-11-07)
// The cases below keep those and the rest as fixed examples:
// - a required field dropped (createdOn of a thread, id of a message, rawId/kind of an identifier)
// - a wrong status (200 for create thread instead of 201; 409, which the spec does not list)
// - a bad date format (createdOn as epoch milliseconds, readOn without a time zone)
// - an enum value the spec does not list (message type 'system'), a field it does not declare
// - a body on a 204, a missing Content-Type, an error body without `error.code`
// - a nextLink on another origin, a Location that is not the new thread's URL
// - requests: missing api-version or Authorization, maxPageSize 'ten', startTime not RFC 3339, an
//   undeclared query parameter, a body missing `topic`, a result field sent in a request, the wrong
//   media type (application/json for a merge-patch PATCH)
import { describe, expect, it } from 'vitest';
import {
  allowedExtraStatuses,
  createSpecValidator,
  type HttpRequestData,
  type HttpResponseData,
} from '../support/spec-validator.ts';

const validator = createSpecValidator();
const base = 'https://acs.example';
const threadId = '19:abc_def@thread.v2';
const encoded = encodeURIComponent(threadId);
const ann = '8:acs:11111111-2222-3333-4444-555555555555_0001';
const annWire = { rawId: ann, kind: 'communicationUser', communicationUser: { id: ann } };

function request(
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): HttpRequestData {
  const url = new URL(`${base}${pathAndQuery}`);
  const all: Record<string, string> = { authorization: 'Bearer eyJ.x.y', ...headers };
  let text = '';
  if (body !== undefined) {
    text = typeof body === 'string' ? body : JSON.stringify(body);
    all['content-type'] ??= 'application/json';
  }
  return { method, url: url.href, path: url.pathname, headers: all, body: text };
}

function response(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const result: HttpResponseData = { status, headers: { ...headers }, body: '' };
  if (body !== undefined) {
    result.body = JSON.stringify(body);
    result.headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  return result;
}

const v = '?api-version=2025-03-15';
const thread = {
  id: threadId,
  topic: 'Lunch',
  createdOn: '2025-01-01T10:00:00Z',
  createdByCommunicationIdentifier: annWire,
};
const createThread = request('POST', `/chat/threads${v}`, { topic: 'Lunch' });
const location = { location: `${base}/chat/threads/${encoded}` };
const message = {
  id: '1735725600000',
  type: 'text',
  sequenceId: '3',
  version: '1735725600000',
  content: { message: 'hi', attachments: [] },
  senderDisplayName: 'Ann',
  createdOn: '2025-01-01T10:00:00Z',
  senderCommunicationIdentifier: annWire,
};
const listMessages = request('GET', `/chat/threads/${encoded}/messages${v}`);

describe('response validation', () => {
  it('accepts conforming responses', () => {
    expect(
      validator.validateResponse(createThread, response(201, { chatThread: thread }, location)),
    ).toEqual([]);
    expect(validator.validateResponse(listMessages, response(200, { value: [message] }))).toEqual(
      [],
    );
    const next = `${base}/chat/threads/${threadId}/messages?syncState=ab&startTime=1%2F1%2F1970%2012%3A00%3A00%20AM%20%2B00%3A00&maxPageSize=1&api-version=2025-03-15`;
    expect(
      validator.validateResponse(listMessages, response(200, { value: [], nextLink: next })),
    ).toEqual([]);
    const remove = request('POST', `/chat/threads/${encoded}/participants/:remove${v}`, annWire);
    expect(validator.validateResponse(remove, response(204))).toEqual([]);
    const typing = request('POST', `/chat/threads/${encoded}/typing${v}`, {});
    expect(validator.validateResponse(typing, response(200))).toEqual([]);
  });

  it('catches a dropped required field', () => {
    const { createdOn: _, ...noCreatedOn } = thread;
    expect(
      validator.validateResponse(
        createThread,
        response(201, { chatThread: noCreatedOn }, location),
      ),
    ).toEqual(["Chat_CreateChatThread 201 response body /chatThread lacks required 'createdOn'"]);
    const { id: __, ...noId } = message;
    expect(validator.validateResponse(listMessages, response(200, { value: [noId] }))).toEqual([
      "ChatThread_ListChatMessages 200 response body /value/0 lacks required 'id'",
    ]);
  });

  it('requires rawId and kind on identifiers in responses, and a matching nested model', () => {
    const noRawId = {
      ...thread,
      createdByCommunicationIdentifier: {
        kind: 'communicationUser',
        communicationUser: { id: ann },
      },
    };
    expect(
      validator.validateResponse(createThread, response(201, { chatThread: noRawId }, location)),
    ).toEqual([
      "Chat_CreateChatThread 201 response body /chatThread/createdByCommunicationIdentifier lacks required 'rawId'",
    ]);
    const noKind = {
      ...thread,
      createdByCommunicationIdentifier: { rawId: ann, communicationUser: { id: ann } },
    };
    expect(
      validator.validateResponse(createThread, response(201, { chatThread: noKind }, location)),
    ).toEqual([
      "Chat_CreateChatThread 201 response body /chatThread/createdByCommunicationIdentifier lacks required 'kind'",
    ]);
    // Before 2023-11-07 the service sent no kind: only rawId is required then.
    const legacy = request('POST', '/chat/threads?api-version=2021-09-07', { topic: 'Lunch' });
    expect(
      validator.validateResponse(legacy, response(201, { chatThread: noKind }, location)),
    ).toEqual([]);
    const wrongKind = {
      ...thread,
      createdByCommunicationIdentifier: { ...annWire, kind: 'phoneNumber' },
    };
    expect(
      validator.validateResponse(createThread, response(201, { chatThread: wrongKind }, location)),
    ).toContain(
      'Chat_CreateChatThread 201 response body /chatThread/createdByCommunicationIdentifier/kind must be "communicationUser" to match the nested model',
    );
    const two = {
      ...thread,
      createdByCommunicationIdentifier: { ...annWire, phoneNumber: { value: '+1' } },
    };
    expect(
      validator.validateResponse(createThread, response(201, { chatThread: two }, location)),
    ).toContain(
      'Chat_CreateChatThread 201 response body /chatThread/createdByCommunicationIdentifier sets more than one nested identifier model',
    );
  });

  it('catches a wrong status', () => {
    expect(
      validator.validateResponse(createThread, response(200, { chatThread: thread }, location)),
    ).toEqual([
      'Chat_CreateChatThread 200 response: status 200 is not one the spec lists (201, 401, 403, 429, 503)',
    ]);
    const conflict = response(409, { error: { code: 'Conflict', message: 'x' } });
    expect(validator.validateResponse(createThread, conflict)).toEqual([
      'Chat_CreateChatThread 409 response: status 409 is not one the spec lists (201, 401, 403, 429, 503)',
    ]);
  });

  it('allows the listed extra error statuses, with the error body', () => {
    expect(Object.keys(allowedExtraStatuses)).toEqual(['400', '404', '405', '413', '415', '500']);
    for (const status of [400, 404, 405, 413, 415, 500]) {
      const error = response(status, { error: { code: 'X', message: 'y', target: 'topic' } });
      expect(validator.validateResponse(createThread, error)).toEqual([]);
    }
    expect(validator.validateResponse(createThread, response(404, { Code: 'NotFound' }))).toEqual([
      "Chat_CreateChatThread 404 response body (root) lacks required 'error'",
      "Chat_CreateChatThread 404 response body (root) has 'Code', which the spec does not declare",
    ]);
    expect(
      validator.validateResponse(createThread, response(401, { error: { message: 'no' } })),
    ).toEqual(["Chat_CreateChatThread 401 response body /error lacks required 'code'"]);
  });

  it('catches bad date formats', () => {
    const epoch = { ...message, createdOn: 1735725600000 };
    expect(validator.validateResponse(listMessages, response(200, { value: [epoch] }))).toEqual([
      'ChatThread_ListChatMessages 200 response body /value/0/createdOn must be string',
    ]);
    const receipts = request('GET', `/chat/threads/${encoded}/readReceipts${v}`);
    const local = {
      value: [
        {
          senderCommunicationIdentifier: annWire,
          chatMessageId: '1',
          readOn: '2025-01-01T10:00:00',
        },
      ],
    };
    expect(validator.validateResponse(receipts, response(200, local))).toEqual([
      'ChatThread_ListChatReadReceipts 200 response body /value/0/readOn must match format "date-time"',
    ]);
  });

  it('catches enum values and fields the spec does not have', () => {
    const system = { ...message, type: 'system' };
    expect(validator.validateResponse(listMessages, response(200, { value: [system] }))).toEqual([
      'ChatThread_ListChatMessages 200 response body /value/0/type must be equal to one of the allowed values: ["text","html","topicUpdated","participantAdded","participantRemoved"]',
    ]);
    const extra = { chatThread: { ...thread, messagingPolicy: { textOnlyChat: false } } };
    expect(validator.validateResponse(createThread, response(201, extra, location))).toEqual([
      "Chat_CreateChatThread 201 response body /chatThread has 'messagingPolicy', which the spec does not declare",
    ]);
    // The spec itself leaves objects open: the real service's extra fields pass without strictness.
    const lenient = createSpecValidator({ strictProperties: false });
    expect(lenient.validateResponse(createThread, response(201, extra, location))).toEqual([]);
  });

  it('checks retention policies by their discriminator', () => {
    const policy = (retentionPolicy: unknown) =>
      validator.validateResponse(
        createThread,
        response(201, { chatThread: { ...thread, retentionPolicy } }, location),
      );
    expect(policy({ kind: 'threadCreationDate', deleteThreadAfterDays: 30 })).toEqual([]);
    expect(policy({ kind: 'none' })).toEqual([]);
    expect(policy({ kind: 'threadCreationDate' })).toEqual([
      "Chat_CreateChatThread 201 response body /chatThread/retentionPolicy lacks required 'deleteThreadAfterDays'",
    ]);
    expect(policy({ kind: 'none', deleteThreadAfterDays: 30 })).toEqual([
      "Chat_CreateChatThread 201 response body /chatThread/retentionPolicy has 'deleteThreadAfterDays', which the spec does not declare",
    ]);
  });

  it('catches bodies where the spec has none, and content types', () => {
    const deleteThread = request('DELETE', `/chat/threads/${encoded}${v}`);
    expect(validator.validateResponse(deleteThread, response(204, {}))).toEqual([
      'Chat_DeleteChatThread 204 response: the spec defines no body, got {}',
    ]);
    const untyped = { ...response(200, { value: [] }), headers: {} };
    expect(validator.validateResponse(listMessages, untyped)).toEqual([
      'ChatThread_ListChatMessages 200 response: Content-Type (none), the spec produces application/json',
    ]);
  });

  it('checks Location and nextLink', () => {
    expect(validator.validateResponse(createThread, response(201, { chatThread: thread }))).toEqual(
      ['Chat_CreateChatThread 201 response: no Location header'],
    );
    const elsewhere = { location: `${base}/chat/threads` };
    expect(
      validator.validateResponse(createThread, response(201, { chatThread: thread }, elsewhere)),
    ).toEqual([
      `Chat_CreateChatThread 201 response: Location ${base}/chat/threads is not a ChatThread_GetChatThreadProperties URL on ${base}`,
    ]);
    const foreign = 'https://evil.example/chat/threads?api-version=2025-03-15';
    const threads = request('GET', `/chat/threads${v}`);
    expect(
      validator.validateResponse(threads, response(200, { value: [], nextLink: foreign })),
    ).toEqual([
      `Chat_ListChatThreads 200 response: nextLink ${foreign} is not a Chat_ListChatThreads URL on ${base}`,
    ]);
  });
});

describe('request validation', () => {
  it('accepts conforming requests', () => {
    expect(validator.validateRequest(createThread)).toEqual([]);
    const full = request(
      'POST',
      `/chat/threads${v}`,
      {
        topic: 'Lunch',
        participants: [
          {
            communicationIdentifier: { rawId: ann, communicationUser: { id: ann } },
            displayName: 'Ann',
            shareHistoryTime: '2025-01-01T00:00:00Z',
          },
        ],
        metadata: { a: 'b' },
        retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 30 },
      },
      { 'repeatability-request-id': crypto.randomUUID() },
    );
    expect(validator.validateRequest(full)).toEqual([]);
    const list = request(
      'GET',
      `/chat/threads${'?maxPageSize=10&startTime=2025-01-01T00:00:00Z&api-version=2025-03-15'}`,
    );
    expect(validator.validateRequest(list)).toEqual([]);
    const patch = request(
      'PATCH',
      `/chat/threads/${encoded}${v}`,
      { topic: 'x' },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(validator.validateRequest(patch)).toEqual([]);
    expect(
      validator.validateRequest(request('POST', `/chat/threads/${encoded}/typing${v}`)),
    ).toEqual([]);
  });

  it('catches missing api-version and Authorization', () => {
    const bare = { ...request('GET', '/chat/threads'), headers: {} };
    expect(validator.validateRequest(bare)).toEqual([
      'Chat_ListChatThreads request: no Authorization header',
      'Chat_ListChatThreads request: query parameter api-version is required',
    ]);
    const basic = request('GET', `/chat/threads${v}`, undefined, { authorization: 'Basic abc' });
    expect(validator.validateRequest(basic)).toEqual([
      "Chat_ListChatThreads request: Authorization is not 'Bearer <token>'",
    ]);
    expect(
      validator.validateRequest(request('GET', '/chat/threads?api-version=2024-03-07')),
    ).toEqual([
      "Chat_ListChatThreads request: api-version is '2024-03-07', the spec describes 2025-03-15",
    ]);
  });

  it('checks query parameters', () => {
    const query = (q: string) =>
      validator.validateRequest(request('GET', `/chat/threads?${q}&api-version=2025-03-15`));
    expect(query('maxPageSize=ten')).toEqual([
      "Chat_ListChatThreads request: query maxPageSize must be an integer, got 'ten'",
    ]);
    expect(query('maxPageSize=99999999999')).toEqual([
      'Chat_ListChatThreads request: query maxPageSize must fit int32, got 99999999999',
    ]);
    expect(query('startTime=1%2F1%2F1970')).toEqual([
      "Chat_ListChatThreads request: query startTime must be an RFC 3339 date-time, got '1/1/1970'",
    ]);
    expect(query('skip=2')).toEqual([
      "Chat_ListChatThreads request: query parameter 'skip' is not in the spec",
    ]);
    // A request that follows the server's nextLink carries the server's query.
    const next = request(
      'GET',
      '/chat/threads?syncState=ab&startTime=1%2F1%2F1970%2012%3A00%3A00%20AM%20%2B00%3A00&maxPageSize=1&api-version=2025-03-15',
    );
    expect(validator.validateRequest(next, { fromNextLink: true })).toEqual([]);
    expect(validator.validateRequest(next).length).toBe(2);
  });

  it('checks bodies', () => {
    expect(validator.validateRequest(request('POST', `/chat/threads${v}`, { topc: 'x' }))).toEqual([
      "Chat_CreateChatThread request body (root) lacks required 'topic'",
      "Chat_CreateChatThread request body (root) has 'topc', which the spec does not declare",
    ]);
    expect(validator.validateRequest(request('POST', `/chat/threads${v}`))).toEqual([
      'Chat_CreateChatThread request: the body is required',
    ]);
    expect(validator.validateRequest(request('POST', `/chat/threads${v}`, '{"topic":'))).toEqual([
      'Chat_CreateChatThread request: the body is not JSON',
    ]);
    const readOnly = request('POST', `/chat/threads/${encoded}/participants/:add${v}`, {
      participants: [],
      invalidParticipants: [],
    });
    expect(validator.validateRequest(readOnly)).toEqual([
      "ChatThread_AddChatParticipants request body (root) has 'invalidParticipants', which the spec does not declare",
    ]);
    const text = request(
      'POST',
      `/chat/threads${v}`,
      { topic: 'x' },
      { 'content-type': 'text/plain' },
    );
    expect(validator.validateRequest(text)).toEqual([
      'Chat_CreateChatThread request: Content-Type text/plain, the spec consumes application/json',
    ]);
    // Merge patch: null removes a member, whatever its type.
    const removeKey = request(
      'PATCH',
      `/chat/threads/${encoded}${v}`,
      { metadata: { drop: null }, retentionPolicy: null },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(validator.validateRequest(removeKey)).toEqual([]);
    const patchAsJson = request('PATCH', `/chat/threads/${encoded}${v}`, { topic: 'x' });
    expect(validator.validateRequest(patchAsJson)).toEqual([
      'ChatThread_UpdateChatThreadProperties request: Content-Type application/json, the spec consumes application/merge-patch+json',
    ]);
    const getWithBody = request('GET', `/chat/threads${v}`, { x: 1 });
    expect(validator.validateRequest(getWithBody)).toEqual([
      'Chat_ListChatThreads request: the operation takes no body, got one',
    ]);
  });

  it('catches paths and methods the spec does not have', () => {
    expect(validator.validateRequest(request('GET', `/chat/thread${v}`))).toEqual([
      'GET /chat/thread: no operation in the spec has this path',
    ]);
    expect(validator.validateRequest(request('PUT', `/chat/threads${v}`, {}))).toEqual([
      'PUT /chat/threads: the spec has no PUT for /chat/threads',
    ]);
    expect(validator.findOperation('POST', `/chat/threads/${encoded}/participants/:add`)).toEqual({
      operationId: 'ChatThread_AddChatParticipants',
      template: '/chat/threads/{chatThreadId}/participants/:add',
      pathParams: { chatThreadId: threadId },
    });
  });
});
