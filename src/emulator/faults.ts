// Fault injection: rules that make matching requests slow, fail with 429/500/503, lose their
// connection before or after the change is committed, or stall between headers and body. Rules
// apply to the next `times` matching requests, or with probability `rate` (from a seedable RNG, so
// tests are reproducible). Controlled in-process and over HTTP (/__emulator/faults).
import { badRequest, retryAfterHeaders, ServiceError } from './errors.ts';
import { compileGlob, matchGlob, type Glob } from './glob.ts';

export type FaultStatus = 429 | 500 | 503;
export type FaultDrop = 'before-commit' | 'after-commit';

export interface FaultRule {
  /** HTTP method to match, e.g. 'POST'; any when omitted. */
  method?: string;
  /**
   * Path below the endpoint to match, percent-encoded as sent: `*` matches within one segment,
   * `**` across segments, e.g. '/chat/threads' or '/chat/**'. Any when omitted. At most 1024
   * characters; matched in linear time (no regular expressions).
   */
  path?: string;
  /** Apply to the next N matching requests, then retire the rule. Unlimited when omitted. */
  times?: number;
  /** Probability (0..1) that a matching request is affected. 1 when omitted. */
  rate?: number;
  /** Delay before the request is handled (at most 10 minutes, as are the other delays). */
  latencyMs?: number;
  /** Answer with this status and a service-shaped error body instead of handling the request. */
  status?: FaultStatus;
  /** For 429/503: the delay sent in Retry-After (seconds, rounded up) and retry-after-ms. */
  retryAfterMs?: number;
  /** Drop the connection without a response: before the request changes anything, or after. */
  drop?: FaultDrop;
  /** Delay between the response headers and its body. */
  slowBodyMs?: number;
}

export interface ActiveFaultRule extends FaultRule {
  readonly id: string;
  /** How many requests the rule has affected. */
  readonly hits: number;
}

export interface FaultController {
  /** Adds a rule after the existing ones; the first rule that matches a request applies. */
  add(rule: FaultRule): ActiveFaultRule;
  /** Replaces all rules. */
  set(rules: readonly FaultRule[]): ActiveFaultRule[];
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFaultRule[];
  /** Seeds the RNG behind `rate`, for reproducible runs; undefined goes back to Math.random. */
  seed(seed: number | undefined): void;
}

const statuses: readonly number[] = [429, 500, 503];
/** Bounds that keep one rule, or a pile of them, from stalling the emulator. */
const maxRules = 100;
const maxPathLength = 1024;
const maxDelayMs = 10 * 60 * 1000;
const ruleKeys = new Set([
  'method',
  'path',
  'times',
  'rate',
  'latencyMs',
  'status',
  'retryAfterMs',
  'drop',
  'slowBodyMs',
]);

function nonNegative(rule: Record<string, unknown>, key: string, integer: boolean): void {
  const value = rule[key];
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw badRequest(`'${key}' must be a non-negative ${integer ? 'integer' : 'number'}.`, key);
  }
}

function delay(rule: Record<string, unknown>, key: string): void {
  nonNegative(rule, key, false);
  const value = rule[key];
  if (typeof value === 'number' && value > maxDelayMs) {
    throw badRequest(`'${key}' must be at most ${maxDelayMs} (10 minutes).`, key);
  }
}

/** Checks a rule from JSON or code; throws a 400 naming the bad field. */
export function checkFaultRule(value: unknown): FaultRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('A fault rule must be an object.', 'rule');
  }
  const rule = value as Record<string, unknown>;
  for (const key of Object.keys(rule)) {
    if (!ruleKeys.has(key) && key !== 'id' && key !== 'hits') {
      throw badRequest(`Unknown fault rule field '${key}'.`, key);
    }
  }
  if (rule.method !== undefined && typeof rule.method !== 'string') {
    throw badRequest("'method' must be a string.", 'method');
  }
  if (
    rule.path !== undefined &&
    (typeof rule.path !== 'string' ||
      !rule.path.startsWith('/') ||
      rule.path.length > maxPathLength)
  ) {
    throw badRequest(
      `'path' must be a string starting with '/', at most ${maxPathLength} characters.`,
      'path',
    );
  }
  nonNegative(rule, 'times', true);
  delay(rule, 'latencyMs');
  delay(rule, 'retryAfterMs');
  delay(rule, 'slowBodyMs');
  if (
    rule.rate !== undefined &&
    (typeof rule.rate !== 'number' || !(rule.rate >= 0 && rule.rate <= 1))
  ) {
    throw badRequest("'rate' must be a number from 0 to 1.", 'rate');
  }
  if (rule.status !== undefined && !statuses.includes(rule.status as number)) {
    throw badRequest("'status' must be 429, 500 or 503.", 'status');
  }
  if (rule.drop !== undefined && rule.drop !== 'before-commit' && rule.drop !== 'after-commit') {
    throw badRequest("'drop' must be 'before-commit' or 'after-commit'.", 'drop');
  }
  if (rule.drop !== undefined && rule.status !== undefined) {
    throw badRequest("A rule can set 'status' or 'drop', not both.", 'drop');
  }
  const checked: FaultRule = {};
  for (const key of ruleKeys) {
    if (rule[key] !== undefined) (checked as Record<string, unknown>)[key] = rule[key];
  }
  if (checked.method !== undefined) checked.method = checked.method.toUpperCase();
  return checked;
}

/** mulberry32: small, fast, good enough to make `rate` reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface StoredRule {
  id: string;
  rule: FaultRule;
  pattern: Glob | undefined;
  remaining: number | undefined;
  hits: number;
}

export class Faults implements FaultController {
  #rules: StoredRule[] = [];
  #random: () => number = Math.random;
  #nextId = 1;

  add(rule: FaultRule): ActiveFaultRule {
    const checked = checkFaultRule(rule);
    if (this.#rules.length >= maxRules) {
      throw badRequest(`At most ${maxRules} fault rules can be active.`, 'rules');
    }
    const stored: StoredRule = {
      id: String(this.#nextId++),
      rule: checked,
      pattern: checked.path === undefined ? undefined : compileGlob(checked.path),
      remaining: checked.times,
      hits: 0,
    };
    this.#rules.push(stored);
    return this.#view(stored);
  }

  set(rules: readonly FaultRule[]): ActiveFaultRule[] {
    if (rules.length > maxRules) {
      throw badRequest(`At most ${maxRules} fault rules can be active.`, 'rules');
    }
    const checked = rules.map(checkFaultRule); // all or nothing
    this.#rules = [];
    return checked.map((rule) => this.add(rule));
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((rule) => rule.id !== id);
    return this.#rules.length < before;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): ActiveFaultRule[] {
    return this.#rules.map((rule) => this.#view(rule));
  }

  seed(seed: number | undefined): void {
    this.#random = seed === undefined ? Math.random : seededRandom(seed);
  }

  #view(stored: StoredRule): ActiveFaultRule {
    const view: ActiveFaultRule = { id: stored.id, ...stored.rule, hits: stored.hits };
    if (stored.remaining !== undefined) view.times = stored.remaining;
    return view;
  }

  /** The rule that applies to this request, if any, counted as used. */
  pick(method: string, path: string): FaultRule | undefined {
    for (const stored of this.#rules) {
      const { rule } = stored;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (stored.pattern !== undefined && !matchGlob(stored.pattern, path)) continue;
      if (rule.rate !== undefined && !(this.#random() < rule.rate)) continue;
      stored.hits++;
      if (stored.remaining !== undefined && --stored.remaining <= 0) this.remove(stored.id);
      return rule;
    }
    return undefined;
  }
}

const faultErrors: Record<FaultStatus, { code: string; message: string }> = {
  429: { code: 'TooManyRequests', message: 'Too many requests. Retry after the delay given.' },
  500: {
    code: 'InternalServerError',
    message: 'The service had an internal error (injected fault).',
  },
  503: {
    code: 'ServiceUnavailable',
    message: 'The service is unavailable. Retry after the delay given.',
  },
};

/** The error a status fault answers with, retry hints included for 429 and 503. */
export function faultError(status: FaultStatus, retryAfterMs = 1000): ServiceError {
  const { code, message } = faultErrors[status];
  const headers = status === 500 ? {} : retryAfterHeaders(retryAfterMs);
  return new ServiceError(status, code, message, { headers });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The same response with a pause between its headers and its body. */
export function withSlowBody(response: Response, ms: number): Response {
  const source = response.body;
  if (source === null) return response; // 204s and the like have no body to hold back
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      await sleep(ms);
      const reader = source.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        controller.enqueue(value);
      }
      controller.close();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}
