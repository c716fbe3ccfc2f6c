// The conformance scenario, written once against the API the official SDK and our core client share
// (ChatClient / ChatThreadClient, same method names and options), so both run exactly the same calls.
// The interfaces below are the slice of that API the scenario uses; both clients satisfy them.
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { selfSignedCertificate } from '../../src/emulator/certificate.ts';
import {
  createChatEmulatorServer,
  type ChatEmulatorServer,
  type EmulatorUser,
} from '../../src/emulator/index.ts';

export interface PagedLike<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

interface UserIdentifier {
  communicationUserId: string;
}

export interface ScenarioThreadClient {
  getProperties(): Promise<{ id: string; topic: string; metadata?: Record<string, string> }>;
  updateProperties(options: { topic?: string; metadata?: Record<string, string> }): Promise<void>;
  sendMessage(
    request: { content: string },
    options?: { senderDisplayName?: string; metadata?: Record<string, string> },
  ): Promise<{ id: string }>;
  getMessage(id: string): Promise<{ id: string; content?: { message?: string } }>;
  listMessages(options?: {
    maxPageSize?: number;
  }): PagedLike<{ id: string; type: string; deletedOn?: Date; content?: { message?: string } }>;
  updateMessage(id: string, options: { content?: string }): Promise<void>;
  deleteMessage(id: string): Promise<void>;
  addParticipants(request: {
    participants: Array<{ id: UserIdentifier; displayName?: string }>;
  }): Promise<{ invalidParticipants?: unknown[] }>;
  listParticipants(options?: { maxPageSize?: number }): PagedLike<{ displayName?: string }>;
  removeParticipant(participant: UserIdentifier): Promise<void>;
  sendReadReceipt(request: { chatMessageId: string }): Promise<void>;
  listReadReceipts(options?: { maxPageSize?: number }): PagedLike<{ chatMessageId: string }>;
  sendTypingNotification(options?: { senderDisplayName?: string }): Promise<boolean>;
}

export interface ScenarioClient {
  createChatThread(
    request: { topic: string },
    options?: {
      participants?: Array<{ id: UserIdentifier; displayName?: string }>;
      idempotencyToken?: string;
    },
  ): Promise<{ chatThread?: { id: string; topic: string }; invalidParticipants?: unknown[] }>;
  listChatThreads(options?: {
    maxPageSize?: number;
  }): PagedLike<{ id: string; topic: string; deletedOn?: Date }>;
  getChatThreadClient(threadId: string): ScenarioThreadClient;
  deleteChatThread(threadId: string): Promise<void>;
}

export interface ScenarioUsers {
  ann: EmulatorUser;
  bob: EmulatorUser;
  carol: EmulatorUser;
}

/** What the scenario saw, for the tests to assert on. */
export interface ScenarioResult {
  threadId: string;
  repeatedThreadId: string;
  threadPages: Array<Array<{ id: string; topic: string; deletedOn?: Date }>>;
  propertiesAfterUpdate: { topic: string; metadata?: Record<string, string> };
  messageId: string;
  fetchedMessage: { id: string; content?: { message?: string } };
  messagePages: Array<Array<{ id: string; type: string; deletedOn?: Date }>>;
  editedText: string | undefined;
  participantPages: Array<Array<{ displayName?: string }>>;
  participantsAfterRemove: number;
  receipts: Array<{ chatMessageId: string }>;
  typingSent: boolean;
  threadsAfterDelete: Array<{ id: string; deletedOn?: Date }>;
}

async function pages<T>(paged: PagedLike<T>): Promise<T[][]> {
  const result: T[][] = [];
  for await (const page of paged.byPage()) result.push([...page]);
  return result;
}

/**
 * Runs the scenario as ann, with bob and carol as the other participants. `client(user)` makes a
 * client for a user. The steps and their order are fixed: the request comparison relies on it.
 */
export async function runScenario(
  client: (user: EmulatorUser) => ScenarioClient,
  users: ScenarioUsers,
  idempotencyToken: string,
): Promise<ScenarioResult> {
  const { ann, bob, carol } = users;
  const chat = client(ann);

  // Create with participants and an idempotency token, twice: the same thread.
  const options = {
    participants: [{ id: { communicationUserId: bob.userId }, displayName: 'Bob' }],
    idempotencyToken,
  };
  const created = await chat.createChatThread({ topic: 'Conformance' }, options);
  const repeated = await chat.createChatThread({ topic: 'Conformance' }, options);
  const threadId = created.chatThread!.id;

  // More threads, so that the list has several pages of two.
  for (const topic of ['Second', 'Third', 'Fourth']) await chat.createChatThread({ topic });
  const threadPages = await pages(chat.listChatThreads({ maxPageSize: 2 }));

  const thread = chat.getChatThreadClient(threadId);
  await thread.getProperties();
  await thread.updateProperties({ topic: 'Conformance, renamed', metadata: { team: 'blue' } });
  const propertiesAfterUpdate = await thread.getProperties();

  const sent = await thread.sendMessage(
    { content: 'Hello' },
    { senderDisplayName: 'Ann', metadata: { tag: 'greeting' } },
  );
  await thread.sendMessage({ content: 'Second message' });
  const fetchedMessage = await thread.getMessage(sent.id);
  await thread.updateMessage(sent.id, { content: 'Hello, edited' });
  const editedText = (await thread.getMessage(sent.id)).content?.message;
  await thread.deleteMessage(sent.id);
  const messagePages = await pages(thread.listMessages({ maxPageSize: 2 }));

  await thread.addParticipants({
    participants: [{ id: { communicationUserId: carol.userId }, displayName: 'Carol' }],
  });
  const participantPages = await pages(thread.listParticipants({ maxPageSize: 2 }));
  await thread.removeParticipant({ communicationUserId: carol.userId });
  const participantsAfterRemove = (await pages(thread.listParticipants())).flat().length;

  const bobs = client(bob).getChatThreadClient(threadId);
  const last = await thread.sendMessage({ content: 'Read me' });
  await bobs.sendReadReceipt({ chatMessageId: last.id });
  const receipts = (await pages(thread.listReadReceipts())).flat();
  const typingSent = await thread.sendTypingNotification({ senderDisplayName: 'Ann' });

  await chat.deleteChatThread(threadId);
  const threadsAfterDelete = (await pages(chat.listChatThreads())).flat();

  return {
    threadId,
    repeatedThreadId: repeated.chatThread!.id,
    threadPages,
    propertiesAfterUpdate,
    messageId: sent.id,
    fetchedMessage,
    messagePages,
    editedText,
    participantPages,
    participantsAfterRemove,
    receipts,
    typingSent,
    threadsAfterDelete,
  };
}

export interface HttpsEmulator {
  server: ChatEmulatorServer;
  users: ScenarioUsers;
  close(): Promise<void>;
}

let certificate: Promise<{ key: string; cert: string }> | undefined;

/**
 * The emulator over HTTPS (the official SDK sends bearer tokens over https only). All emulators in
 * a test file share one self-signed certificate, trusted process-wide once through Node 24's
 * setDefaultCACertificates: TLS contexts made before a second CA was added would not see it, and
 * both the SDK's Node HTTP client and global fetch (our client) accept it without client options.
 */
export async function startHttpsEmulator(): Promise<HttpsEmulator> {
  if (certificate === undefined) {
    certificate = selfSignedCertificate();
    setDefaultCACertificates([...getCACertificates('default'), (await certificate).cert]);
  }
  const server = await createChatEmulatorServer({ https: await certificate });
  const [ann, bob, carol] = await Promise.all([
    server.emulator.createUser(),
    server.emulator.createUser(),
    server.emulator.createUser(),
  ]);
  return {
    server,
    users: { ann: ann!, bob: bob!, carol: carol! },
    close: () => server.close(),
  };
}
