// chatEmulatorPlugin: the emulator inside Vite's dev (and preview) server, under a path prefix, so
// an app and the emulator share one origin: `new ChatClient(location.origin + '/acs', ...)`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { createChatEmulator, type ChatEmulator, type ChatEmulatorOptions } from './emulator.ts';
import { nodeListener } from './node-adapter.ts';
import { rootRealtimePath } from './realtime/routes.ts';
import { realtimeUpgrades } from './realtime/websocket.ts';

export interface ChatEmulatorPluginOptions extends ChatEmulatorOptions {
  /** Where the endpoint lives on the dev server. Default '/acs'. */
  prefix?: string;
  /** An emulator to serve (to seed it or share it); default a new one made from these options. */
  emulator?: ChatEmulator;
}

/**
 * The emulators this process keeps in data directories, by directory: Vite makes the new server
 * (and so a new plugin) of a restart before it closes the old one, and both must serve the one
 * emulator that holds the directory's lock. Closed when the last server using it closes.
 */
const keptEmulators = new Map<string, { emulator: ChatEmulator; servers: number }>();

function keptEmulator(dataDir: string, options: ChatEmulatorOptions) {
  const key = resolve(dataDir);
  let kept = keptEmulators.get(key);
  if (kept === undefined) {
    kept = { emulator: createChatEmulator({ ...options, dataDir: key }), servers: 0 };
    keptEmulators.set(key, kept);
  }
  kept.servers++;
  const entry = kept;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (--entry.servers === 0) {
      keptEmulators.delete(key);
      entry.emulator.close();
    }
  };
  return { emulator: entry.emulator, release };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** An HTTP server, as far as the plugin uses it. */
interface UpgradingServer {
  on(
    event: 'upgrade',
    listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** The part of Vite's dev and preview servers the plugin uses. */
export interface ChatEmulatorPluginServer {
  middlewares: { use(middleware: Middleware): unknown };
  /** Where the real-time channel's WebSockets arrive; absent in middleware mode. */
  httpServer?: UpgradingServer | null;
  /** In middleware mode (e.g. Storybook), the server given for HMR takes the WebSockets. */
  config?: { server?: { hmr?: boolean | { server?: unknown } } };
}

/**
 * A Vite plugin, typed structurally so that the emulator's types do not need Vite installed;
 * it fits Vite's `plugins` array as is.
 */
export interface ChatEmulatorPlugin {
  name: string;
  configureServer(server: ChatEmulatorPluginServer): void;
  configurePreviewServer(server: ChatEmulatorPluginServer): void;
  api: { emulator: ChatEmulator };
}

/**
 * Where a dev server's WebSocket upgrades arrive: its HTTP server, or in middleware mode (e.g.
 * Storybook) the server it was given for HMR.
 */
export function upgradingServer(server: ChatEmulatorPluginServer): UpgradingServer | undefined {
  const hmr = server.config?.server?.hmr;
  return (
    server.httpServer ??
    (typeof hmr === 'object' ? (hmr.server as UpgradingServer | undefined) : undefined)
  );
}

export function chatEmulatorPlugin(options: ChatEmulatorPluginOptions = {}): ChatEmulatorPlugin {
  const { prefix: givenPrefix = '/acs', emulator: given, ...emulatorOptions } = options;
  const prefix = `/${givenPrefix.replace(/^\/+|\/+$/g, '')}`;
  // Made on first use, not here: a `vite build` loads the plugin too, and must not take the lock
  // of a data directory that a running dev server holds.
  let made: { emulator: ChatEmulator; release?: () => void } | undefined;
  const emulator = (): ChatEmulator => {
    if (given !== undefined) return given;
    const { dataDir } = emulatorOptions;
    made ??=
      dataDir === undefined
        ? { emulator: createChatEmulator(emulatorOptions) }
        : keptEmulator(dataDir, emulatorOptions);
    return made.emulator;
  };
  const listener = nodeListener((request, connection) => emulator().handle(request, connection), {
    prefix,
  });
  const isUnderPrefix = (path: string) => path === prefix || path.startsWith(`${prefix}/`);
  const middleware: Middleware = (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // The real-time socket's handshake (and reconnect allocation) live at the origin's root.
    if (isUnderPrefix(path) || rootRealtimePath.test(path)) {
      listener(req, res);
    } else next();
  };
  const attach = (server: ChatEmulatorPluginServer) => {
    server.middlewares.use(middleware);
    const http = upgradingServer(server);
    if (!http) return;
    // The server closing lets go of its data directory (the next use opens it again).
    http.on('close', () => {
      made?.release?.();
      made = undefined;
    });
    // Upgrades under the prefix are the emulator's, refused if not served; others outside the
    // channel's socket path (Vite's HMR) are left to Vite.
    const upgrades = realtimeUpgrades(emulator().realtime, { owns: isUnderPrefix });
    http.on('upgrade', (req, socket, head) => upgrades.handle(req, socket, head));
    http.on('close', () => upgrades.close());
  };
  return {
    name: 'react-acs-chat-emulator',
    // Added directly (not in a returned post hook), so it runs before Vite's own middlewares.
    configureServer: attach,
    configurePreviewServer: attach,
    api: {
      get emulator() {
        return emulator();
      },
    },
  };
}
