// createChatEmulator: the whole service behind one Fetch-API handler. The pipeline is: who may call
// the Identity API and admin routes (route-guard.ts), CORS preflight, admin routes (/__emulator/*),
// request log, fault rules, route (api-version, auth, the service's limits when on, handler), then
// the headers every response carries (correlation id, CORS). Faults come before limits: a fault
// stands for what happens on the way to the service (a proxy's 503, a lost connection), so a
// request it answers never reaches the service and draws nothing from its limits, and a rule's
// `times` hits the next matching requests whatever the limits say.
import { adminRoutes as createAdminRoutes } from './admin-routes.ts';
import { openDataDir } from './data-dir.ts';
import { chatApiVersions } from './api-version.ts';
import { isPreflight, preflight, withCors } from './cors.ts';
import { DroppedConnectionError, ServiceError } from './errors.ts';
import { faultError, Faults, sleep, withSlowBody, type FaultController } from './faults.ts';
import { identityRoutes, issueToken } from './identity-routes.ts';
import { newCorrelationVector, newGuid } from './ids.ts';
import { checkPeople, peopleOf, type EmulatorPerson } from './people.ts';
import { readBody } from './request-body.ts';
import { RequestLog, type EmulatorRequestRecord, type RequestLogOptions } from './request-log.ts';
import { json } from './responses.ts';
import {
  checkAdminKey,
  checkBrowserCaller,
  isAdminPath,
  isGuardedPath,
  type AllowedOrigins,
  type EmulatorConnection,
} from './route-guard.ts';
import { findRoute, type RequestContext, type Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';
import { seed, type SeedOptions, type SeedResult } from './seed.ts';
import { ServiceLimits, type ChatEmulatorLimits } from './service-limits.ts';
import { ChatStore, type ThreadRecord } from './store.ts';
import { messageRoutes } from './message-routes.ts';
import { participantRoutes } from './participant-routes.ts';
import { RealtimeChannel } from './realtime/channel.ts';
import type { FrameLogOptions } from './realtime/frame-log.ts';
import { realtimeAdminRoutes, realtimeRoutes } from './realtime/routes.ts';
import { receiptRoutes } from './receipt-routes.ts';
import { threadRoutes } from './thread-routes.ts';
import { tokenExpiry, type TokenLifetime } from './token-lifetime.ts';
import { TokenIssuer } from './tokens.ts';

/**
 * The access key the emulator checks identity requests against unless given another one. Public
 * on purpose: it protects nothing but a local emulator.
 */
export const EMULATOR_DEV_ACCESS_KEY =
  '+YWA8e18wAWEcH3v8jDoftHb+CjU4Ol2nLXo9oJq8rr89GQAJKvWoKzD8MfXl10fD53Jk0k/SVe71GwCgdwoNw==';

export interface ChatEmulatorOptions {
  /** GUID in user ids `8:acs:<resourceId>_<guid>` and in tokens. Default: random. */
  resourceId?: string;
  /** Base64 key for HMAC-signed identity requests. Default: EMULATOR_DEV_ACCESS_KEY. */
  accessKey?: string;
  /** 'open' accepts unsigned identity requests (demos); default 'hmac', as the service. */
  identityAuth?: 'hmac' | 'open';
  /**
   * Page size when a list call gives no maxPageSize. Default 20: the service does not document its
   * default, and a small one makes paging visible.
   */
  defaultPageSize?: number;
  /** Largest page served; larger maxPageSize values are clamped. Default 200, the service's limit. */
  maxPageSize?: number;
  /** The clock, in epoch milliseconds. Default Date.now. */
  now?: () => number;
  /**
   * 'service' applies the service's published throttling to the chat routes (per user, per thread
   * or per user per thread, in windows of 10 seconds and a minute): a request past a limit gets 429
   * `TooManyRequests` with Retry-After, on the emulator's clock. Default 'off'. See
   * docs/emulator/limits.md for the figures and their source.
   */
  limits?: ChatEmulatorLimits;
  /**
   * Display names of people to make for a dev setup (at most 50): each is a user, and each after
   * the first shares a thread with the first, which holds a greeting. Made on first use; listed by
   * `people()` and `GET /__emulator/people`. Default none.
   */
  people?: string[];
  /**
   * Pages on other origins that may call the Identity API and the admin routes (/__emulator/*):
   * exact origins like 'http://localhost:5173', '*' for any, or a predicate. Default none: a
   * browser request from another origin gets 403 there (the chat routes take any origin). A
   * same-origin page is let in when its host is localhost or an IP address; under any other host
   * name, list it (a same-origin request there could be DNS rebinding).
   */
  allowedOrigins?: AllowedOrigins;
  /**
   * A secret the admin routes then require in the `x-emulator-key` header. Without one they answer
   * only requests from this machine (loopback connections, or calls of `handle` in-process): set it
   * to drive an emulator that listens beyond loopback.
   */
  adminKey?: string;
  /**
   * Bounds on `requests`: the latest `limit` records (default 1000), each body cut to `bodyBytes`
   * (default 8 KiB). A request answered 401 keeps only its method and URL.
   */
  requestLog?: RequestLogOptions;
  /** Bounds on `realtime.frames`: the latest `limit` records (default 1000; 0 for none). */
  frameLog?: FrameLogOptions;
  /**
   * Sees every request the handler answers (preflights and admin calls included) with its
   * response, e.g. to log traffic or check it against the spec. Called once the response is made;
   * it gets a clone, so reading its body does not disturb the client's. Requests whose connection a
   * fault drops have no response and are not reported. Exceptions it throws are ignored.
   */
  onExchange?: (exchange: EmulatorExchange) => void;
  /**
   * A directory to keep the data in (Node only): users, threads, messages, participants, read
   * receipts, idempotency records, the people made and the token signing key, so tokens issued
   * before a restart still work after it. Made if missing; loaded on start. Every change is
   * committed before its response is sent. One emulator at a time: a second one on the same
   * directory throws an EmulatorDataError ('locked'), as does a file it cannot read. Call
   * `close()` when done. Default none: everything stays in memory and nothing touches the disk.
   */
  dataDir?: string;
}

export interface EmulatorExchange {
  /** The request as received; its body is already read: see `requestBody`. */
  request: Request;
  requestBody: string;
  /** The path below the endpoint (any mount prefix removed), still percent-encoded. */
  path: string;
  /** A clone of the response sent. */
  response: Response;
}

export type { EmulatorRequestRecord, RequestLogOptions } from './request-log.ts';

export interface EmulatorUser {
  userId: string;
  token: string;
  expiresOn: Date;
}

export interface ChatEmulator {
  readonly resourceId: string;
  readonly accessKey: string;
  /**
   * The Fetch-API handler; bound, so it can be passed around. A server gives the connection's
   * address; without it the caller counts as in-process (on this machine).
   */
  handle(request: Request, connection?: EmulatorConnection): Promise<Response>;
  /** Creates a user and a token (scopes default to ['chat'], lifetime to 24 h). */
  createUser(options?: { expiresInMinutes?: number; scopes?: string[] }): Promise<EmulatorUser>;
  /**
   * A token for an existing user (scopes default to ['chat']). Its lifetime is one of
   * `expiresInMinutes` (60 to 1440, as the service; the default is 1440) or, for tests, any
   * `expiresOn` (past included) or `expiresInSeconds` on the emulator's clock (negative: expired).
   * Over HTTP: `POST /__emulator/tokens`.
   */
  issueToken(
    userId: string,
    options?: TokenLifetime & { scopes?: string[] },
  ): Promise<{ token: string; expiresOn: Date }>;
  /** The `people` option's users, made on first call: `{ displayName, userId }` in the order named. */
  people(): Promise<EmulatorPerson[]>;
  /**
   * The latest requests received (see `requestLog`), oldest first, except CORS preflights and
   * /__emulator admin calls. A fresh array on every read.
   */
  readonly requests: ReadonlyArray<EmulatorRequestRecord>;
  clearRequests(): void;
  readonly faults: FaultController;
  /**
   * The real-time channel the official SDK's startRealtimeNotifications() connects to: open
   * sockets (`connectionCount`), `drop` to force reconnects, and `admission`/`open`/`receive`/
   * `closed` for the servers that carry its WebSockets.
   */
  readonly realtime: RealtimeChannel;
  /** Creates users, threads and messages in bulk, without HTTP (demos, benchmarks). */
  seed(options: SeedOptions): Promise<SeedResult>;
  threadCount(): number;
  /** The stored record, for inspection (do not mutate). */
  getThread(threadId: string): ThreadRecord | undefined;
  /** Stored records that list operations have visited since the last reset (page-cost checks). */
  readonly recordsVisited: number;
  /**
   * Forgets users, threads, requests, fault rules and what the limits counted (and clears the data
   * directory's data); closes every real-time socket and forgets every handshake.
   */
  reset(): void;
  /** Where the data is kept: the database file, or undefined when it is in memory. */
  readonly dataFile: string | undefined;
  /** Closes the data directory (its database and lock); nothing to do in memory. */
  close(): void;
}

function normalizePrefix(value: string | null): string {
  if (value === null) return '';
  const trimmed = value.trim().replace(/\/+$/, '');
  return trimmed === '' || !trimmed.startsWith('/') ? '' : trimmed;
}

function errorResponse(error: unknown): Response {
  if (error instanceof ServiceError) return json(error.status, error.toBody(), error.headers);
  console.error('[react-acs-chat emulator] unexpected error', error);
  const message = error instanceof Error ? error.message : String(error);
  return json(500, { error: { code: 'InternalServerError', message } });
}

function checkLimits(value: ChatEmulatorLimits | undefined): ServiceLimits | undefined {
  if (value === undefined || value === 'off') return undefined;
  if (value === 'service') return new ServiceLimits();
  throw new RangeError(`limits must be 'off' or 'service', not ${JSON.stringify(value)}.`);
}

export function createChatEmulator(options: ChatEmulatorOptions = {}): ChatEmulator {
  const now = options.now ?? Date.now;
  // The options are checked before the data directory is opened (and locked).
  const peopleNames = checkPeople(options.people);
  const limits = checkLimits(options.limits);
  const data =
    options.dataDir === undefined
      ? undefined
      : openDataDir(options.dataDir, { resourceId: newGuid, given: options.resourceId });
  const resourceId = data?.resourceId ?? options.resourceId ?? newGuid();
  const store = new ChatStore(resourceId, data?.journal);
  if (data !== undefined) store.load(data.contents());
  const faults = new Faults();
  const realtime = new RealtimeChannel(store.events, now, options.frameLog);
  const services: EmulatorServices = {
    store,
    tokens: new TokenIssuer(resourceId, now, data?.signingKey),
    resourceId,
    accessKey: options.accessKey ?? EMULATOR_DEV_ACCESS_KEY,
    identityAuth: options.identityAuth ?? 'hmac',
    limits,
    defaultPageSize: options.defaultPageSize ?? 20,
    maxPageSize: options.maxPageSize ?? 200,
    now,
  };
  const routes: Route[] = [
    ...identityRoutes(services),
    ...threadRoutes(services),
    ...messageRoutes(services),
    ...participantRoutes(services),
    ...receiptRoutes(services),
    ...realtimeRoutes(services, realtime),
  ];
  const log = new RequestLog(options.requestLog);

  async function route(context: Omit<RequestContext, 'params'>, table: readonly Route[]) {
    const found = findRoute(table, context.request.method, context.path);
    if (found === undefined) {
      throw new ServiceError(404, 'NotFound', `No resource at ${context.path}.`);
    }
    return found.route.handle({ ...context, params: found.params });
  }

  function finish(request: Request, response: Response, path: string): Response {
    const headers = response.headers;
    headers.set('ms-cv', newCorrelationVector());
    const clientRequestId = request.headers.get('x-ms-client-request-id');
    if (clientRequestId !== null) headers.set('x-ms-client-request-id', clientRequestId);
    if (path.startsWith('/chat/')) {
      headers.set('api-supported-versions', chatApiVersions.join(', '));
    }
    withCors(request, headers);
    return response;
  }

  async function handle(request: Request, connection?: EmulatorConnection): Promise<Response> {
    const observe = options.onExchange;
    if (observe === undefined) return answer(request, connection);
    let seen: { body: string; path: string } | undefined;
    const response = await answer(request, connection, (body, path) => (seen = { body, path }));
    try {
      observe({
        request,
        requestBody: seen?.body ?? '',
        path: seen?.path ?? new URL(request.url).pathname,
        response: response.clone(),
      });
    } catch {
      // An observer's failure must not change what the client gets.
    }
    return response;
  }

  /** Refuses a caller the route guard turns away, before its body is read. */
  function refusal(request: Request, url: URL, path: string, connection?: EmulatorConnection) {
    if (!isGuardedPath(path)) return undefined;
    try {
      checkBrowserCaller(request, url, options.allowedOrigins);
      // A preflight cannot carry the key; the request it clears will.
      if (isAdminPath(path) && !isPreflight(request)) {
        checkAdminKey(request, options.adminKey, connection);
      }
      return undefined;
    } catch (error) {
      return errorResponse(error);
    }
  }

  async function answer(
    request: Request,
    connection?: EmulatorConnection,
    read?: (body: string, path: string) => void,
  ): Promise<Response> {
    const url = new URL(request.url);
    // A server that mounts the handler below a path (the Vite plugin) says so in x-forwarded-prefix.
    const prefix = normalizePrefix(request.headers.get('x-forwarded-prefix'));
    const path =
      prefix !== '' && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
        ? url.pathname.slice(prefix.length) || '/'
        : url.pathname;
    const refused = refusal(request, url, path, connection);
    if (refused !== undefined) {
      read?.('', path);
      return finish(request, refused, path);
    }
    if (isPreflight(request)) {
      read?.('', path);
      return finish(request, preflight(request), path);
    }

    const body = await readBody(request);
    read?.(body.text, path);
    const context = { request, url, path, base: `${url.origin}${prefix}`, body, now: now() };
    if (isAdminPath(path)) {
      const response = await route(context, adminRoutes).catch(errorResponse);
      return finish(request, response, path);
    }

    const record = log.add(request, body.text);
    const fault = faults.pick(request.method, path);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.drop === 'before-commit') throw new DroppedConnectionError('before-commit');
    let response: Response;
    try {
      if (fault?.status !== undefined) throw faultError(fault.status, fault.retryAfterMs);
      // The clock is read again after any injected latency.
      response = await route({ ...context, now: now() }, routes);
    } catch (error) {
      response = errorResponse(error);
    }
    if (response.status === 401) log.refuse(record);
    if (fault?.drop === 'after-commit') throw new DroppedConnectionError('after-commit');
    if (fault?.slowBodyMs) response = withSlowBody(response, fault.slowBodyMs);
    return finish(request, response, path);
  }

  async function issue(userId: string, scopes: string[], lifetime: TokenLifetime) {
    const at = now();
    return issueToken(services, userId, scopes, tokenExpiry(lifetime, at), at);
  }

  async function issueFor(userId: string, opts: TokenLifetime & { scopes?: string[] } = {}) {
    if (!store.users.has(userId)) throw new Error(`Unknown user ${userId}`);
    return issue(userId, opts.scopes ?? ['chat'], opts);
  }

  async function createUser(opts: { expiresInMinutes?: number; scopes?: string[] } = {}) {
    const user = store.createUser(now());
    const { token, expiresOn } = await issue(user.id, opts.scopes ?? ['chat'], opts);
    return { userId: user.id, token, expiresOn };
  }

  function reset() {
    store.clear();
    realtime.clear();
    faults.clear();
    faults.seed(undefined);
    limits?.clear();
    log.clear();
    people.forget();
  }

  const seedData = (options: SeedOptions) => seed(store, options, now(), () => createUser());
  const people = peopleOf(
    peopleNames,
    { createUser: () => createUser(), handle },
    data && { ...data.people, has: (userId) => store.users.has(userId) },
  );
  const adminRoutes = [
    ...createAdminRoutes({
      faults,
      seed: seedData,
      reset,
      people: people.list,
      issueToken: issueFor,
      hasUser: (userId) => store.users.has(userId),
    }),
    ...realtimeAdminRoutes(realtime),
  ];

  return {
    resourceId,
    accessKey: services.accessKey,
    handle,
    createUser,
    people: people.list,
    issueToken: issueFor,
    get requests() {
      return log.list();
    },
    clearRequests() {
      log.clear();
    },
    faults,
    realtime,
    seed: seedData,
    threadCount: () => store.threads.size,
    getThread: (threadId) => store.threads.get(threadId),
    get recordsVisited() {
      return store.recordsVisited;
    },
    reset,
    dataFile: data?.file,
    close: () => data?.close(),
  };
}
