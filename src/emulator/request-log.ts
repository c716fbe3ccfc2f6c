// The request log behind `emulator.requests`: a ring of the latest records, each body cut to a
// byte budget, so that no stream of requests (tokenless 1 MiB posts included) can grow it without
// bound. A request refused for want of credentials (401) keeps only its method and URL: enough
// to count a client's attempts, nothing of what an unauthenticated caller sent.

export interface EmulatorRequestRecord {
  method: string;
  url: string;
  /** Lowercased names, as the Headers object gives them; empty when `refused`. */
  headers: Record<string, string>;
  /** At most the log's bodyBytes (UTF-8); empty when `refused`. */
  body: string;
  /** The body was longer and is cut. */
  truncated?: true;
  /** Answered 401: headers and body were not kept. */
  refused?: true;
}

export interface RequestLogOptions {
  /** Records kept; the oldest go first. Default 1000. */
  limit?: number;
  /** Bytes of each body kept (UTF-8, whole characters). Default 8 KiB. */
  bodyBytes?: number;
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`requestLog.${name} must be a non-negative integer.`);
  }
  return value;
}

export class RequestLog {
  readonly #limit: number;
  readonly #bodyBytes: number;
  #slots: EmulatorRequestRecord[] = [];
  /** Index of the oldest record once the ring is full. */
  #start = 0;

  constructor(options: RequestLogOptions = {}) {
    this.#limit = nonNegativeInteger(options.limit, 1000, 'limit');
    this.#bodyBytes = nonNegativeInteger(options.bodyBytes, 8 * 1024, 'bodyBytes');
  }

  /** Records a request as it arrives; returns the record, for `refuse`. */
  add(request: Request, body: string): EmulatorRequestRecord | undefined {
    if (this.#limit === 0) return undefined;
    const record: EmulatorRequestRecord = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
    };
    // encodeInto stops before a character that does not fit: the cut never splits one.
    const { read } = new TextEncoder().encodeInto(body, new Uint8Array(this.#bodyBytes));
    if (read < body.length) {
      record.body = body.slice(0, read);
      record.truncated = true;
    }
    if (this.#slots.length < this.#limit) {
      this.#slots.push(record);
    } else {
      this.#slots[this.#start] = record;
      this.#start = (this.#start + 1) % this.#limit;
    }
    return record;
  }

  /** Forgets what an unauthenticated request carried. */
  refuse(record: EmulatorRequestRecord | undefined): void {
    if (record === undefined) return;
    record.headers = {};
    record.body = '';
    delete record.truncated;
    record.refused = true;
  }

  /** Oldest first. */
  list(): EmulatorRequestRecord[] {
    return [...this.#slots.slice(this.#start), ...this.#slots.slice(0, this.#start)];
  }

  clear(): void {
    this.#slots = [];
    this.#start = 0;
  }
}
