// The real-time channel's frame log behind `emulator.realtime.frames`: for each socket, what
// crossed it and which way, as kinds only (socket.io packet type, event name, a response's status
// and header names), never a frame's text: bodies are users' messages. A ring of the latest
// records, like the request log, so no stream of frames can grow it without bound.
import { parseFrame } from './frames.ts';

/** socket.io 0.9's packet types by their number, plus the socket's own open and close. */
const packetKinds = [
  'disconnect',
  'connect',
  'heartbeat',
  'message',
  'json',
  'event',
  'ack',
  'error',
  'noop',
] as const;

export type RealtimeFrameKind = (typeof packetKinds)[number] | 'open' | 'close' | 'unparsed';

export interface RealtimeFrameRecord {
  /** One more than the record before it, across the log's life (the ring forgets the oldest). */
  sequence: number;
  /** The socket: its handshake's sid. */
  connectionId: string;
  userId: string;
  /**
   * 'in' from the client, 'out' from the emulator. For `close`, who closed: 'in' the client (or
   * its network), 'out' the emulator.
   */
  direction: 'in' | 'out';
  kind: RealtimeFrameKind;
  /** The socket.io message id ("5:1+::" has id '1'). */
  id?: string;
  /** The sender wants the id acknowledged (the '+'). */
  wantsAck?: true;
  /** An event's name, or a disconnect's reason ('dup', 'unauthorized'). */
  name?: string;
  /** An `ack`: the id it acknowledges. */
  acks?: string;
  /** A `message` that answers a downstream request: its status. */
  status?: number;
  /** A `message`'s header names, as sent. */
  headerNames?: string[];
  /** `open`: the WebSocket URL's query keys, in order. */
  queryKeys?: string[];
}

export interface FrameLogOptions {
  /** Records kept; the oldest go first. Default 1000; 0 keeps none (and parses nothing). */
  limit?: number;
}

// What a hostile client can make a record hold.
const maxNameLength = 100;
const maxKeys = 32;

const short = (value: unknown) =>
  typeof value === 'string' ? value.slice(0, maxNameLength) : undefined;

function keysOf(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.keys(value)
    .slice(0, maxKeys)
    .map((key) => key.slice(0, maxNameLength));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type FrameFields = Omit<RealtimeFrameRecord, 'sequence' | 'connectionId' | 'userId' | 'direction'>;

/** The kind of a frame's text, and the few names that tell frames of one kind apart. */
function describe(text: string): FrameFields {
  const frame = parseFrame(text);
  const kind = packetKinds[Number(frame?.type)];
  if (frame === undefined || kind === undefined || !/^\d$/.test(frame.type)) {
    return { kind: 'unparsed' };
  }
  const record: FrameFields = { kind };
  if (frame.id !== undefined) record.id = frame.id.slice(0, maxNameLength);
  if (frame.wantsAck) record.wantsAck = true;
  if (kind === 'event') {
    const name = short((parseJson(frame.data) as { name?: unknown } | undefined)?.name);
    if (name !== undefined) record.name = name;
  } else if (kind === 'disconnect' && frame.data !== '') {
    const parsed = parseJson(frame.data) as { reason?: unknown } | undefined;
    record.name = short(parsed?.reason) ?? frame.data.slice(0, maxNameLength);
  } else if (kind === 'ack') {
    const acked = /^\d+/.exec(frame.data)?.[0];
    if (acked !== undefined) record.acks = acked.slice(0, maxNameLength);
  } else if (kind === 'message') {
    const parsed = parseJson(frame.data) as { status?: unknown; headers?: unknown } | undefined;
    if (typeof parsed?.status === 'number') record.status = parsed.status;
    const headerNames = keysOf(parsed?.headers);
    if (headerNames !== undefined) record.headerNames = headerNames;
  }
  return record;
}

export class FrameLog {
  readonly #limit: number;
  #slots: RealtimeFrameRecord[] = [];
  /** Index of the oldest record once the ring is full. */
  #start = 0;
  #sequence = 0;

  constructor(options: FrameLogOptions = {}) {
    const limit = options.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError('frameLog.limit must be a non-negative integer.');
    }
    this.#limit = limit;
  }

  /** A frame that crossed the socket. */
  frame(connectionId: string, userId: string, direction: 'in' | 'out', text: string): void {
    if (this.#limit === 0) return;
    this.#add({ connectionId, userId, direction, ...describe(text) });
  }

  /** The socket opened, at `url` (its path and query, as the upgrade asked for it). */
  opened(connectionId: string, userId: string, url: string | undefined): void {
    if (this.#limit === 0) return;
    const record: Omit<RealtimeFrameRecord, 'sequence'> = {
      connectionId,
      userId,
      direction: 'in',
      kind: 'open',
    };
    if (url !== undefined) {
      const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
      record.queryKeys = query
        .split('&')
        .filter((pair) => pair !== '')
        .slice(0, maxKeys)
        .map((pair) => pair.split('=', 1)[0]!.slice(0, maxNameLength));
    }
    this.#add(record);
  }

  /** The socket closed; `direction` says who closed it. */
  closed(connectionId: string, userId: string, direction: 'in' | 'out'): void {
    if (this.#limit === 0) return;
    this.#add({ connectionId, userId, direction, kind: 'close' });
  }

  /** Oldest first; a fresh array. */
  list(): RealtimeFrameRecord[] {
    return [...this.#slots.slice(this.#start), ...this.#slots.slice(0, this.#start)];
  }

  clear(): void {
    this.#slots = [];
    this.#start = 0;
  }

  #add(fields: Omit<RealtimeFrameRecord, 'sequence'>): void {
    const record: RealtimeFrameRecord = { sequence: ++this.#sequence, ...fields };
    if (this.#slots.length < this.#limit) {
      this.#slots.push(record);
    } else {
      this.#slots[this.#start] = record;
      this.#start = (this.#start + 1) % this.#limit;
    }
  }
}
