// The emulator's data: users, threads, their participants, messages and read receipts, plus the
// indexes that keep every list page bounded (each user's threads by latest activity; each thread's
// messages in sequence order). Domain rules the REST routes and the seed helper share live here;
// HTTP shapes do not.
import { ChatEvents } from './chat-events.ts';
import type { CommunicationErrorBody } from './errors.ts';
import { communicationUser, isAcsUserId, type WireIdentifier } from './identifiers.ts';
import { newThreadId, newUserId } from './ids.ts';
import type {
  MessageRecord,
  ParticipantRecord,
  RetentionPolicy,
  ThreadRecord,
  UserRecord,
} from './records.ts';
import { SortedIndex } from './sorted-index.ts';

export type {
  MessageRecord,
  MessageType,
  ParticipantRecord,
  ReadReceiptRecord,
  RetentionPolicy,
  ThreadRecord,
  UserRecord,
} from './records.ts';

export interface NewParticipant {
  identifier: WireIdentifier;
  displayName?: string;
  shareHistoryTime?: number;
  metadata?: Record<string, string>;
}

export interface ThreadKey {
  time: number;
  id: string;
}

/** What one mutation changed, for a journal to write: records new or changed, whole. */
export interface StoreChange {
  users: UserRecord[];
  threads: ThreadRecord[];
  messages: Array<{ threadId: string; message: MessageRecord }>;
  repeats: Array<{ key: string; repeat: RepeatRecord }>;
}

/** An idempotent create's outcome, kept so that a retry gets the same answer. */
export interface RepeatRecord {
  threadId: string;
  invalid: CommunicationErrorBody[];
}

/** Everything a journal loads back, for `ChatStore.load`. */
export interface StoreContents {
  users: Iterable<UserRecord>;
  /** Each with its messages, in sequence order. */
  threads: Iterable<ThreadRecord>;
  repeats: Iterable<{ key: string; repeat: RepeatRecord }>;
}

/**
 * Where the store writes each change, synchronously, before the mutation returns (and so before
 * any response is sent). Reads never reach it: the store keeps everything in memory.
 */
export interface StoreJournal {
  write(change: StoreChange): void;
  clear(): void;
}

export interface Page<T> {
  items: T[];
  /** Another item follows the last one: the page has a next page. */
  more: boolean;
}

interface Dirty {
  users: Set<UserRecord>;
  threads: Set<ThreadRecord>;
  messages: Map<MessageRecord, string>;
  repeats: Map<string, RepeatRecord>;
}

const emptyDirty = (): Dirty => ({
  users: new Set(),
  threads: new Set(),
  messages: new Map(),
  repeats: new Map(),
});

/** Threads list newest activity first; ties by id keep the order total. */
const byActivity = (a: ThreadKey, b: ThreadKey) =>
  b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The service's limits: 250 participants in a thread, 200 per create/add request. */
export const maxThreadParticipants = 250;
export const maxParticipantsPerRequest = 200;

export class ChatStore {
  readonly resourceId: string;
  readonly users = new Map<string, UserRecord>();
  readonly threads = new Map<string, ThreadRecord>();
  readonly #inboxes = new Map<string, SortedIndex<ThreadKey>>();
  readonly #repeats = new Map<string, RepeatRecord>();
  readonly #journal: StoreJournal | undefined;
  /** What the running mutation (or batch) changed, until it is written; none without a journal. */
  #dirty: Dirty | undefined;
  #batching = false;
  /** Every change a client could be notified of, emitted by the methods below. */
  readonly events = new ChatEvents();
  /** Stored records a list operation looked at: tests check that a page's cost is bounded. */
  recordsVisited = 0;

  constructor(resourceId: string, journal?: StoreJournal) {
    this.resourceId = resourceId;
    this.#journal = journal;
    if (journal !== undefined) this.#dirty = emptyDirty();
  }

  clear(): void {
    this.users.clear();
    this.threads.clear();
    this.#inboxes.clear();
    this.#repeats.clear();
    this.recordsVisited = 0;
    this.#journal?.clear();
  }

  /** Fills an empty store with what a journal kept, rebuilding every index. */
  load(contents: StoreContents): void {
    for (const user of contents.users) this.users.set(user.id, user);
    for (const thread of contents.threads) {
      // Activity is the newest message's time, which a message's write does not put in the row.
      const newest = thread.messages.at(-1)?.createdOn ?? 0;
      if (newest > thread.lastMessageReceivedOn) thread.lastMessageReceivedOn = newest;
      this.threads.set(thread.id, thread);
      const key = this.threadKey(thread);
      for (const rawId of this.#members(thread)) this.#inbox(rawId).insert(key);
    }
    for (const { key, repeat } of contents.repeats) this.#repeats.set(key, repeat);
  }

  /** Runs `work` and writes all it changed as one journal entry (a seed: one transaction). */
  batch<T>(work: () => T): T {
    if (this.#batching) return work();
    this.#batching = true;
    try {
      return work();
    } finally {
      this.#batching = false;
      this.#commit();
    }
  }

  /** Writes what the mutation changed to the journal, unless a batch writes it at its end. */
  #commit(): void {
    const dirty = this.#dirty;
    if (dirty === undefined || this.#journal === undefined || this.#batching) return;
    this.#dirty = emptyDirty();
    this.#journal.write({
      users: [...dirty.users],
      threads: [...dirty.threads],
      messages: Array.from(dirty.messages, ([message, threadId]) => ({ threadId, message })),
      repeats: Array.from(dirty.repeats, ([key, repeat]) => ({ key, repeat })),
    });
  }

  createUser(at: number): UserRecord {
    const user = { id: newUserId(this.resourceId), createdOn: at };
    this.users.set(user.id, user);
    this.#dirty?.users.add(user);
    this.#commit();
    return user;
  }

  /** Why an identifier cannot join a thread, as an invalidParticipants entry; undefined if it can. */
  participantProblem(identifier: WireIdentifier): CommunicationErrorBody | undefined {
    if (identifier.kind !== 'communicationUser') return undefined;
    const target = identifier.rawId;
    if (!isAcsUserId(target)) {
      return { code: 'BadRequest', message: 'The communication user id is malformed.', target };
    }
    if (!this.users.has(target)) {
      return { code: 'NotFound', message: 'The communication user does not exist.', target };
    }
    return undefined;
  }

  #inbox(rawId: string): SortedIndex<ThreadKey> {
    let inbox = this.#inboxes.get(rawId);
    if (inbox === undefined) {
      inbox = new SortedIndex(byActivity);
      this.#inboxes.set(rawId, inbox);
    }
    return inbox;
  }

  #members(thread: ThreadRecord): Iterable<string> {
    const current = thread.participants.keys();
    return thread.formerParticipants ? [...current, ...thread.formerParticipants] : current;
  }

  /** Moves the thread in every member's list when its latest activity changes. */
  #touch(thread: ThreadRecord, time: number): void {
    if (time <= thread.lastMessageReceivedOn) return;
    const old = { time: thread.lastMessageReceivedOn, id: thread.id };
    const key = { time, id: thread.id };
    for (const rawId of this.#members(thread)) {
      const inbox = this.#inbox(rawId);
      inbox.delete(old);
      inbox.insert(key);
    }
    thread.lastMessageReceivedOn = time;
  }

  /** The next message id in a thread: now, or one millisecond after the previous message. */
  #messageTime(thread: ThreadRecord, at: number): number {
    const last = thread.messages[thread.messages.length - 1];
    return last === undefined ? at : Math.max(at, last.createdOn + 1);
  }

  #append(
    thread: ThreadRecord,
    at: number,
    fields: Omit<MessageRecord, 'id' | 'sequenceId' | 'version' | 'createdOn'>,
  ): MessageRecord {
    const createdOn = this.#messageTime(thread, at);
    const id = String(createdOn);
    const message: MessageRecord = {
      id,
      sequenceId: thread.messages.length + 1,
      version: id,
      createdOn,
      ...fields,
    };
    thread.messages.push(message);
    // The thread's row is not written again: its activity is its newest message's (see load).
    this.#dirty?.messages.set(message, thread.id);
    // Every message, system ones included, counts as activity: a thread you were added to rises
    // to the top of your list.
    this.#touch(thread, createdOn);
    return message;
  }

  #join(thread: ThreadRecord, participant: NewParticipant): ParticipantRecord {
    const record: ParticipantRecord = {
      identifier: participant.identifier,
      shareHistoryTime: participant.shareHistoryTime ?? 0,
    };
    if (participant.displayName !== undefined) record.displayName = participant.displayName;
    if (participant.metadata !== undefined) record.metadata = participant.metadata;
    const rawId = participant.identifier.rawId;
    thread.participants.set(rawId, record);
    if (thread.formerParticipants?.delete(rawId) !== true) {
      this.#inbox(rawId).insert({ time: thread.lastMessageReceivedOn, id: thread.id });
    }
    return record;
  }

  /** Splits requested participants into those that can join and invalidParticipants entries. */
  #admit(thread: ThreadRecord, requested: NewParticipant[]) {
    const admitted: NewParticipant[] = [];
    const invalid: CommunicationErrorBody[] = [];
    const seen = new Set<string>();
    for (const participant of requested) {
      const rawId = participant.identifier.rawId;
      if (thread.participants.has(rawId) || seen.has(rawId)) continue; // "no change occurs"
      const problem = this.participantProblem(participant.identifier);
      if (problem !== undefined) {
        invalid.push(problem);
      } else if (thread.participants.size + admitted.length >= maxThreadParticipants) {
        invalid.push({
          code: 'Forbidden',
          message: `A thread can have at most ${maxThreadParticipants} participants.`,
          target: rawId,
        });
      } else {
        seen.add(rawId);
        admitted.push(participant);
      }
    }
    return { admitted, invalid };
  }

  createThread(input: {
    creator: string;
    topic: string;
    participants?: NewParticipant[];
    metadata?: Record<string, string>;
    retentionPolicy?: RetentionPolicy;
    repeatabilityRequestId?: string;
    at: number;
  }): { thread: ThreadRecord; invalid: CommunicationErrorBody[] } {
    const repeatKey =
      input.repeatabilityRequestId === undefined
        ? undefined
        : `${input.creator}\n${input.repeatabilityRequestId}`;
    const earlier = repeatKey === undefined ? undefined : this.#repeats.get(repeatKey);
    const earlierThread = earlier && this.threads.get(earlier.threadId);
    if (earlier !== undefined && earlierThread !== undefined) {
      return { thread: earlierThread, invalid: earlier.invalid };
    }

    const creator = communicationUser(input.creator);
    const thread: ThreadRecord = {
      id: newThreadId(),
      topic: input.topic,
      createdOn: input.at,
      createdBy: creator,
      lastMessageReceivedOn: input.at,
      participants: new Map(),
      messages: [],
    };
    if (input.metadata !== undefined) thread.metadata = input.metadata;
    if (input.retentionPolicy !== undefined) thread.retentionPolicy = input.retentionPolicy;
    this.threads.set(thread.id, thread);

    // The creator is always a participant, with the display name the request gave them, if any.
    const requested = input.participants ?? [];
    const own = requested.find((p) => p.identifier.rawId === input.creator);
    const { admitted, invalid } = this.#admit(thread, [
      own ?? { identifier: creator },
      ...requested.filter((p) => p !== own),
    ]);
    const joined = admitted.map((p) => this.#join(thread, p));
    // As the service: a participantAdded with everyone, then a topicUpdated with the topic.
    this.#append(thread, input.at, {
      type: 'participantAdded',
      participants: joined,
      initiator: creator,
    });
    this.#append(thread, input.at, {
      type: 'topicUpdated',
      topic: input.topic,
      initiator: creator,
    });
    if (repeatKey !== undefined) {
      const repeat = { threadId: thread.id, invalid };
      this.#repeats.set(repeatKey, repeat);
      this.#dirty?.repeats.set(repeatKey, repeat);
    }
    this.#dirty?.threads.add(thread);
    this.#commit();
    this.events.emit({
      kind: 'threadCreated',
      thread,
      at: input.at,
      recipients: [...thread.participants.keys()],
    });
    return { thread, invalid };
  }

  addParticipants(
    thread: ThreadRecord,
    initiator: string,
    participants: NewParticipant[],
    at: number,
  ): CommunicationErrorBody[] {
    const { admitted, invalid } = this.#admit(thread, participants);
    if (admitted.length > 0) {
      const joined = admitted.map((p) => this.#join(thread, p));
      this.#dirty?.threads.add(thread);
      this.#append(thread, at, {
        type: 'participantAdded',
        participants: joined,
        initiator: communicationUser(initiator),
      });
      this.#commit();
      this.events.emit({
        kind: 'participantsAdded',
        thread,
        at,
        by: initiator,
        participants: joined,
        recipients: [...thread.participants.keys()],
      });
    }
    return invalid;
  }

  removeParticipant(thread: ThreadRecord, initiator: string, rawId: string, at: number): boolean {
    const participant = thread.participants.get(rawId);
    if (participant === undefined) return false;
    // The removed participant is told too: the last event they receive for this thread.
    const recipients = [...thread.participants.keys()];
    thread.participants.delete(rawId);
    (thread.formerParticipants ??= new Set()).add(rawId);
    this.#dirty?.threads.add(thread);
    this.#append(thread, at, {
      type: 'participantRemoved',
      participants: [participant],
      initiator: communicationUser(initiator),
    });
    this.#commit();
    this.events.emit({
      kind: 'participantsRemoved',
      thread,
      at,
      by: initiator,
      participants: [participant],
      recipients,
    });
    return true;
  }

  /** A merge-patch of the thread's properties; `retentionPolicy: null` removes the policy. */
  updateThread(
    thread: ThreadRecord,
    initiator: string,
    patch: {
      topic?: string;
      metadata?: Record<string, string>;
      retentionPolicy?: RetentionPolicy | null;
    },
    at: number,
  ): void {
    // The same topic again records nothing: a retried update changes nothing.
    if (patch.topic !== undefined && patch.topic !== thread.topic) {
      thread.topic = patch.topic;
      this.#append(thread, at, {
        type: 'topicUpdated',
        topic: patch.topic,
        initiator: communicationUser(initiator),
      });
    }
    if (patch.metadata !== undefined) thread.metadata = patch.metadata;
    if (patch.retentionPolicy === null) delete thread.retentionPolicy;
    else if (patch.retentionPolicy !== undefined) thread.retentionPolicy = patch.retentionPolicy;
    this.#dirty?.threads.add(thread);
    this.#commit();
    this.events.emit({
      kind: 'threadUpdated',
      thread,
      at,
      by: initiator,
      recipients: [...thread.participants.keys()],
    });
  }

  deleteThread(thread: ThreadRecord, initiator: string, at: number): void {
    thread.deletedOn = at;
    this.#dirty?.threads.add(thread);
    this.#commit();
    this.events.emit({
      kind: 'threadDeleted',
      thread,
      at,
      by: initiator,
      recipients: [...thread.participants.keys()],
    });
  }

  sendMessage(
    thread: ThreadRecord,
    sender: string,
    input: {
      type: 'text' | 'html';
      content: string;
      senderDisplayName?: string;
      metadata?: Record<string, string>;
    },
    at: number,
  ): MessageRecord {
    const fields: Omit<MessageRecord, 'id' | 'sequenceId' | 'version' | 'createdOn'> = {
      type: input.type,
      content: input.content,
      sender: communicationUser(sender),
      senderDisplayName: input.senderDisplayName ?? '',
    };
    if (input.metadata !== undefined) fields.metadata = input.metadata;
    const message = this.#append(thread, at, fields);
    this.#commit();
    this.#messageEvent('messageSent', thread, message, at);
    return message;
  }

  /** Changes content and/or metadata; the caller checked that something changes. */
  editMessage(
    thread: ThreadRecord,
    message: MessageRecord,
    patch: { content?: string; metadata?: Record<string, string> },
    at: number,
  ): void {
    if (patch.content !== undefined) message.content = patch.content;
    if (patch.metadata !== undefined) message.metadata = patch.metadata;
    message.version = this.nextVersion(message, at);
    message.editedOn = at;
    this.#dirty?.messages.set(message, thread.id);
    this.#commit();
    this.#messageEvent('messageEdited', thread, message, at);
  }

  /** Soft delete: the message stays, with deletedOn. Deleting it again changes nothing. */
  deleteMessage(thread: ThreadRecord, message: MessageRecord, at: number): void {
    if (message.deletedOn !== undefined) return;
    message.deletedOn = at;
    message.version = this.nextVersion(message, at);
    this.#dirty?.messages.set(message, thread.id);
    this.#commit();
    this.#messageEvent('messageDeleted', thread, message, at);
  }

  #messageEvent(
    kind: 'messageSent' | 'messageEdited' | 'messageDeleted',
    thread: ThreadRecord,
    message: MessageRecord,
    at: number,
  ): void {
    const recipients = [...thread.participants.keys()];
    this.events.emit({ kind, thread, message, at, recipients });
  }

  /** A new version for an edited or deleted message: the time, kept increasing. */
  nextVersion(message: MessageRecord, at: number): string {
    return String(Math.max(at, Number(message.version) + 1));
  }

  /** Binary search: ids are increasing numbers within a thread. */
  findMessage(thread: ThreadRecord, id: string): MessageRecord | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    const wanted = Number(id);
    let lo = 0;
    let hi = thread.messages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const message = thread.messages[mid]!;
      const created = message.createdOn;
      if (created === wanted) return message.id === id ? message : undefined;
      if (created < wanted) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  sendReadReceipt(thread: ThreadRecord, reader: string, message: MessageRecord, at: number): void {
    const receipt = { sender: communicationUser(reader), chatMessageId: message.id, readOn: at };
    (thread.readReceipts ??= new Map()).set(reader, receipt);
    this.#dirty?.threads.add(thread);
    this.#commit();
    const recipients = [...thread.participants.keys()];
    this.events.emit({ kind: 'readReceipt', thread, receipt, at, recipients });
  }

  sendTyping(thread: ThreadRecord, sender: string, at: number, senderDisplayName = ''): void {
    (thread.typing ??= new Map()).set(sender, at);
    const recipients = [...thread.participants.keys()];
    this.events.emit({ kind: 'typing', thread, sender, senderDisplayName, at, recipients });
  }

  /**
   * One page of a user's threads, newest activity first, starting after `after`, down to
   * `notBefore`. Visits at most pageSize + 1 records, whatever the number of threads.
   */
  listThreads(
    rawId: string,
    options: { pageSize: number; after?: ThreadKey; notBefore?: number },
  ): Page<ThreadRecord> {
    const items: ThreadRecord[] = [];
    const inbox = this.#inboxes.get(rawId);
    if (inbox === undefined) return { items, more: false };
    for (const key of inbox.from(options.after)) {
      this.recordsVisited++;
      if (options.notBefore !== undefined && key.time < options.notBefore) break;
      if (items.length === options.pageSize) return { items, more: true };
      items.push(this.threads.get(key.id)!);
    }
    return { items, more: false };
  }

  /**
   * One page of a thread's messages, newest first, starting below `beforeSequenceId`, down to
   * `notBefore` (the later of startTime and the reader's shareHistoryTime).
   */
  listMessages(
    thread: ThreadRecord,
    options: { pageSize: number; beforeSequenceId?: number; notBefore: number },
  ): Page<MessageRecord> {
    const items: MessageRecord[] = [];
    const start = Math.min(options.beforeSequenceId ?? Infinity, thread.messages.length + 1) - 2;
    for (let index = start; index >= 0; index--) {
      const message = thread.messages[index]!;
      this.recordsVisited++;
      if (message.createdOn < options.notBefore) break;
      if (items.length === options.pageSize) return { items, more: true };
      items.push(message);
    }
    return { items, more: false };
  }

  threadKey(thread: ThreadRecord): ThreadKey {
    return { time: thread.lastMessageReceivedOn, id: thread.id };
  }
}
