// Every story visit gets an emulator of its own. A story's loader asks `POST /acs/visits` with whom
// it signs in as; the dev server makes a new emulator (open identity, so the browser can ask its
// Identity API for tokens), seeds it, serves it under `/acs/visits/<n>` and answers with that path
// and the cast. Whatever a visitor (or a play function) did in one story, deleted threads, fault
// rules, sent messages, stays in that visit's emulator: the next visit starts from the seed.
//
// Seeding the demo user's inbox takes about a second, so one seeded emulator is kept ready. The
// 10,000-thread inbox is seeded once and shared: its story offers no way to change it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { createChatEmulator, type ChatEmulator } from '../src/emulator/index.ts';
import { nodeListener } from '../src/emulator/node-adapter.ts';
import { upgradingServer } from '../src/emulator/vite-plugin.ts';
import { rootRealtimePath } from '../src/emulator/realtime/routes.ts';
import { realtimeUpgrades, type RealtimeUpgrades } from '../src/emulator/realtime/websocket.ts';
import type { DemoVisit, DemoWorld } from '../stories/support/cast.ts';
import type { SignInAs } from '../stories/support/session.ts';
import { demoClock, seedBulk, seedDemo, seedNewcomer } from './demo-data.ts';

/** Where the visits live on the dev server. */
export const visitsPrefix = '/acs/visits';

/** Visits kept; the least recently used one goes when a new one would pass this. */
const keep = 24;

interface World {
  world: DemoWorld;
  emulator: ChatEmulator;
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  upgrades: RealtimeUpgrades;
  usedAt: number;
}

/** The user id inside an ACS token (`8:` + its `skypeid` claim), unverified: only to route. */
function tokenUser(token: string | undefined): string | undefined {
  try {
    const payload = token?.split('.')[1];
    if (!payload) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      skypeid?: unknown;
    };
    return typeof claims.skypeid === 'string' ? `8:${claims.skypeid}` : undefined;
  } catch {
    return undefined;
  }
}

const socketSid = /^\/socket\.io\/1\/websocket\/([^/?]+)/;

async function makeWorld(as: SignInAs): Promise<{ emulator: ChatEmulator; world: DemoWorld }> {
  const clock = demoClock();
  const emulator = createChatEmulator({ identityAuth: 'open', now: clock.now });
  const world =
    as === 'bulk'
      ? await seedBulk(emulator)
      : as === 'newcomer'
        ? await seedNewcomer(emulator)
        : await seedDemo(emulator, clock);
  return { emulator, world };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) text += chunk.toString();
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

export function demoVisitsPlugin(): Plugin {
  const worlds = new Map<string, World>();
  let next = 1;
  let ready: Promise<Awaited<ReturnType<typeof makeWorld>>> | undefined;
  let bulk: Promise<Awaited<ReturnType<typeof makeWorld>>> | undefined;

  /** One seeded demo inbox, kept ready for the next visit. */
  const prepareDemo = () => {
    ready = makeWorld('me');
    ready.catch((error: unknown) =>
      console.error('[react-acs-chat] seeding a demo visit failed:', error),
    );
  };

  async function open(as: SignInAs): Promise<DemoVisit> {
    let made: Awaited<ReturnType<typeof makeWorld>>;
    if (as === 'bulk') {
      made = await (bulk ??= makeWorld('bulk'));
    } else if (as === 'newcomer') {
      made = await makeWorld('newcomer');
    } else {
      const taken = ready ?? makeWorld('me');
      prepareDemo();
      made = await taken;
    }
    const id = String(next++);
    const path = `${visitsPrefix}/${id}`;
    worlds.set(id, {
      world: made.world,
      emulator: made.emulator,
      listener: nodeListener(made.emulator.handle, { prefix: path }),
      upgrades: realtimeUpgrades(made.emulator.realtime),
      usedAt: Date.now(),
    });
    while (worlds.size > keep) {
      const oldest = [...worlds].reduce((a, b) => (b[1].usedAt < a[1].usedAt ? b : a));
      oldest[1].upgrades.close();
      worlds.delete(oldest[0]);
    }
    return { path, ...made.world };
  }

  function middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === visitsPrefix && req.method === 'POST') {
      readJson(req)
        .then((body) => {
          const as = (body as { as?: unknown }).as;
          if (as !== 'me' && as !== 'newcomer' && as !== 'bulk') {
            return sendJson(res, 400, { error: "Say whom to sign in as: { as: 'me' }." });
          }
          return open(as).then((visit) => sendJson(res, 201, visit));
        })
        .catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
      return;
    }
    // The real-time channel's allocation and handshake come to the origin's root, whatever the
    // endpoint: the token says whose visit they belong to.
    if (rootRealtimePath.test(path)) {
      const header = req.headers['x-skypetoken'];
      const userId = tokenUser(Array.isArray(header) ? header[0] : header);
      const owner = [...worlds.values()].find(
        ({ world }) =>
          world.user.userId === userId || world.people.some((p) => p.userId === userId),
      );
      if (owner === undefined) return sendJson(res, 401, { error: 'No visit has this user.' });
      return owner.listener(req, res);
    }
    const match = /^\/acs\/visits\/(\d+)(\/|$)/.exec(path);
    if (match === null) return next();
    const world = worlds.get(match[1]!);
    if (world === undefined) {
      // Answered like the service's own errors, so the client reports it as such.
      return sendJson(res, 404, {
        error: {
          code: 'VisitExpired',
          message: 'This story visit has ended (a newer visit replaced it). Reload the story.',
        },
      });
    }
    world.usedAt = Date.now();
    world.listener(req, res);
  }

  return {
    name: 'react-acs-chat-demo-visits',
    configureServer(server) {
      // Start now, so the first visit does not wait.
      prepareDemo();
      // Added directly (not in a returned post hook), so it runs before Vite's own middlewares.
      server.middlewares.use(middleware);
      // Each visit's sockets go to the emulator that handed out their session id; other upgrades
      // (Vite's HMR) are left to Vite. Storybook runs Vite in middleware mode: upgrades arrive on
      // the server it hands Vite for HMR.
      const http = upgradingServer(server);
      http?.on('upgrade', (req, socket, head) => {
        const sid = socketSid.exec(req.url ?? '')?.[1];
        if (sid === undefined) return;
        const owner = [...worlds.values()].find((w) =>
          w.emulator.realtime.isPending(decodeURIComponent(sid)),
        );
        if (owner) owner.upgrades.handle(req, socket, head);
        else
          socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      });
      http?.on('close', () => {
        for (const world of worlds.values()) world.upgrades.close();
      });
    },
  };
}
