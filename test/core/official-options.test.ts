// Code moved from the official @azure/communication-chat SDK keeps working: every operation takes
// the official option names (`abortSignal` above all) and honours them, against the emulator over
// HTTP. Where this client has a second name for the same thing (`signal`), both are read and two
// different values are refused before anything is sent; an official option this client cannot
// honour is refused, never silently dropped.
import type * as Official from '@azure/communication-chat';
import type { CommunicationGetTokenOptions } from '@azure/communication-common';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ChatClient,
  CommunicationTokenCredential,
  isChatValidationError,
  type AddParticipantsOptions,
  type AddParticipantsRequest,
  type ChatParticipant,
  type ChatThreadClient,
  type CreateChatThreadOptions,
  type CreateChatThreadRequest,
  type DeleteChatThreadOptions,
  type DeleteMessageOptions,
  type GetMessageOptions,
  type GetPropertiesOptions,
  type GetTokenOptions,
  type ListChatThreadsOptions,
  type ListMessagesOptions,
  type ListParticipantsOptions,
  type ListReadReceiptsOptions,
  type OperationOptions,
  type RemoveParticipantOptions,
  type SendMessageOptions,
  type SendMessageRequest,
  type SendReadReceiptOptions,
  type SendReadReceiptRequest,
  type SendTypingNotificationOptions,
  type UpdateChatThreadPropertiesOptions,
  type UpdateMessageOptions,
  type UpdateTopicOptions,
} from '../../src/core/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { fakeJwt } from '../support/jwt.ts';

let emu: TestEmulator;
let client: ChatClient;
let thread: ChatThreadClient;
let messageId: string;
let bobId: string;

beforeAll(async () => {
  emu = await startEmulator();
  const ann = await emu.user();
  bobId = (await emu.user()).userId;
  client = new ChatClient(emu.url, new CommunicationTokenCredential(ann.token));
  const { chatThread } = await client.createChatThread({ topic: 'options' });
  thread = client.getChatThreadClient(chatThread!.id);
  ({ id: messageId } = await thread.sendMessage({ content: 'hello' }));
});
afterAll(async () => {
  client.close();
  await emu.close();
});

type Call = (options: OperationOptions & Record<string, unknown>) => Promise<unknown>;

/** Every public operation with options, each called with the options a test gives it. */
const operations: Array<[string, Call]> = [
  ['createChatThread', (o) => client.createChatThread({ topic: 't' }, o)],
  ['listChatThreads', (o) => client.listChatThreads(o).next()],
  ['deleteChatThread', (o) => client.deleteChatThread('19:gone@thread.v2', o)],
  ['getProperties', (o) => thread.getProperties(o)],
  ['updateTopic', (o) => thread.updateTopic('new topic', o)],
  ['updateProperties', (o) => thread.updateProperties({ ...o, topic: 'new topic' })],
  ['sendMessage', (o) => thread.sendMessage({ content: 'm' }, o)],
  ['getMessage', (o) => thread.getMessage(messageId, o)],
  ['listMessages', (o) => thread.listMessages(o).next()],
  ['updateMessage', (o) => thread.updateMessage(messageId, { ...o, content: 'edited' })],
  ['deleteMessage', (o) => thread.deleteMessage('1', o)],
  ['listParticipants', (o) => thread.listParticipants(o).next()],
  [
    'addParticipants',
    (o) => thread.addParticipants({ participants: [{ id: { communicationUserId: bobId } }] }, o),
  ],
  ['removeParticipant', (o) => thread.removeParticipant({ communicationUserId: bobId }, o)],
  ['sendTypingNotification', (o) => thread.sendTypingNotification(o)],
  ['sendReadReceipt', (o) => thread.sendReadReceipt({ chatMessageId: messageId }, o)],
  ['listReadReceipts', (o) => thread.listReadReceipts(o).next()],
];

/** Runs a call, returning what it threw or rejected with (paged lists throw when called). */
async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

const aborted = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};

describe('abortSignal, the official name', () => {
  it.each(operations)(
    '%s: an aborted abortSignal ends the call and sends nothing',
    async (_, call) => {
      emu.emulator.clearRequests();
      const error = await failure(() => call({ abortSignal: aborted() }));
      expect(error).toMatchObject({ name: 'AbortError' });
      expect(emu.emulator.requests).toHaveLength(0);
    },
  );

  it('lets one caller abandon a shared token refresh while the others get the token', async () => {
    const user = await emu.user();
    let release!: (token: string) => void;
    let refresherCalled!: () => void;
    const called = new Promise<void>((resolve) => (refresherCalled = resolve));
    const credential = new CommunicationTokenCredential({
      tokenRefresher: () =>
        new Promise<string>((resolve) => {
          release = resolve;
          refresherCalled();
        }),
    });
    const own = new ChatClient(emu.url, credential);
    try {
      const quitter = new AbortController();
      const abandoned = failure(() => own.listChatThreads({ abortSignal: quitter.signal }).next());
      await called;
      const others = [own.listChatThreads().next(), credential.getToken()];
      emu.emulator.clearRequests();
      quitter.abort();
      // Released before the abandoned call is awaited: one that had not given up would now
      // resolve with the list rather than hang the test.
      release(user.token);
      expect(await abandoned).toMatchObject({ name: 'AbortError' });
      const [page, token] = await Promise.all(others);
      expect(page).toMatchObject({ done: true });
      expect(token).toMatchObject({ token: user.token });
      expect(credential.refreshCount).toBe(1);
      // The abandoned call sent nothing once its caller gave up: one list request went out.
      expect(emu.emulator.requests.map((r) => r.method)).toEqual(['GET']);
    } finally {
      own.close();
    }
  });

  it("ends the credential's getToken wait by either name", async () => {
    for (const name of ['abortSignal', 'signal'] as const) {
      let release!: (token: string) => void;
      const credential = new CommunicationTokenCredential({
        tokenRefresher: () => new Promise<string>((resolve) => (release = resolve)),
      });
      const controller = new AbortController();
      const waiting = failure(() => credential.getToken({ [name]: controller.signal }));
      controller.abort();
      release(fakeJwt(3600));
      expect(await waiting, name).toMatchObject({ name: 'AbortError' });
    }
  });
});

describe('abortSignal and signal together', () => {
  it.each(operations)(
    '%s: two different signals -> ChatValidationError, nothing sent',
    async (_, call) => {
      emu.emulator.clearRequests();
      const error = await failure(() =>
        call({ abortSignal: new AbortController().signal, signal: new AbortController().signal }),
      );
      expect(isChatValidationError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ argument: 'options.abortSignal' });
      expect((error as Error).message).toMatch(/options\.signal/);
      expect(emu.emulator.requests).toHaveLength(0);
    },
  );

  it('sends when both name the same signal', async () => {
    const { signal } = new AbortController();
    await expect(thread.getProperties({ abortSignal: signal, signal })).resolves.toMatchObject({
      id: thread.threadId,
    });
  });

  it('refuses two different signals to getToken before calling the refresher', async () => {
    let calls = 0;
    const credential = new CommunicationTokenCredential({
      tokenRefresher: () => {
        calls += 1;
        return Promise.resolve(fakeJwt(3600));
      },
    });
    const error = await failure(() =>
      credential.getToken({
        abortSignal: new AbortController().signal,
        signal: new AbortController().signal,
      }),
    );
    expect(error).toMatchObject({ name: 'ChatValidationError', argument: 'options.abortSignal' });
    expect(calls).toBe(0);
  });
});

describe('the official options this client cannot honour', () => {
  it.each([
    ['requestOptions', { requestOptions: { timeout: 5000 } }, /totalTimeout|AbortSignal\.timeout/],
    ['onResponse', { onResponse: () => undefined }, /fetch/],
  ])('%s is refused, not ignored, and nothing is sent', async (name, options, advice) => {
    for (const [operation, call] of operations) {
      emu.emulator.clearRequests();
      const error = await failure(() => call(options));
      expect(error, operation).toMatchObject({ argument: `options.${name}` });
      expect((error as Error).message, operation).toMatch(advice);
      expect(emu.emulator.requests, operation).toHaveLength(0);
    }
  });

  it('ignores tracingOptions: the client traces nothing, so nothing changes', async () => {
    const tracingOptions = { tracingContext: undefined };
    await expect(
      thread.getProperties({ tracingOptions } as GetPropertiesOptions),
    ).resolves.toMatchObject({
      id: thread.threadId,
    });
  });
});

// The official SDK's operation options come from @azure/core-client, whose own options (tracing,
// serialization, per-request settings, a response callback) belong to its pipeline; every other
// name an official operation takes must be one of ours.
type Pipeline = 'requestOptions' | 'tracingOptions' | 'serializerOptions' | 'onResponse';
type Names<T> = Exclude<keyof T, Pipeline>;

describe('option types', () => {
  it("name every option of the official SDK's operations", () => {
    expectTypeOf<Names<Official.CreateChatThreadOptions>>().toExtend<
      keyof CreateChatThreadOptions
    >();
    expectTypeOf<Names<Official.ListChatThreadsOptions>>().toExtend<keyof ListChatThreadsOptions>();
    expectTypeOf<Names<Official.DeleteChatThreadOptions>>().toExtend<
      keyof DeleteChatThreadOptions
    >();
    expectTypeOf<Names<Official.GetPropertiesOptions>>().toExtend<keyof GetPropertiesOptions>();
    expectTypeOf<Names<Official.UpdateTopicOptions>>().toExtend<keyof UpdateTopicOptions>();
    expectTypeOf<Names<Official.UpdateChatThreadPropertiesOptions>>().toExtend<
      keyof UpdateChatThreadPropertiesOptions
    >();
    expectTypeOf<Names<Official.SendMessageOptions>>().toExtend<keyof SendMessageOptions>();
    expectTypeOf<Names<Official.GetMessageOptions>>().toExtend<keyof GetMessageOptions>();
    expectTypeOf<Names<Official.ListMessagesOptions>>().toExtend<keyof ListMessagesOptions>();
    expectTypeOf<Names<Official.UpdateMessageOptions>>().toExtend<keyof UpdateMessageOptions>();
    expectTypeOf<Names<Official.DeleteMessageOptions>>().toExtend<keyof DeleteMessageOptions>();
    expectTypeOf<Names<Official.ListParticipantsOptions>>().toExtend<
      keyof ListParticipantsOptions
    >();
    expectTypeOf<Names<Official.AddParticipantsOptions>>().toExtend<keyof AddParticipantsOptions>();
    expectTypeOf<Names<Official.RemoveParticipantOptions>>().toExtend<
      keyof RemoveParticipantOptions
    >();
    expectTypeOf<Names<Official.SendTypingNotificationOptions>>().toExtend<
      keyof SendTypingNotificationOptions
    >();
    expectTypeOf<Names<Official.SendReadReceiptOptions>>().toExtend<keyof SendReadReceiptOptions>();
    expectTypeOf<Names<Official.ListReadReceiptsOptions>>().toExtend<
      keyof ListReadReceiptsOptions
    >();
    expectTypeOf<keyof CommunicationGetTokenOptions>().toExtend<keyof GetTokenOptions>();
    // The requests' fields too: the same names, so a request object moves over unchanged.
    expectTypeOf<keyof Official.CreateChatThreadRequest>().toExtend<
      keyof CreateChatThreadRequest
    >();
    expectTypeOf<keyof Official.SendMessageRequest>().toExtend<keyof SendMessageRequest>();
    expectTypeOf<keyof Official.AddParticipantsRequest>().toExtend<keyof AddParticipantsRequest>();
    expectTypeOf<keyof Official.SendReadReceiptRequest>().toExtend<keyof SendReadReceiptRequest>();
    expectTypeOf<keyof Official.ChatParticipant>().toExtend<keyof ChatParticipant>();
  });
});
