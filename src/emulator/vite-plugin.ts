// chatEmulatorPlugin: the emulator inside Vite's dev (and preview) server, under a path prefix, so
// an app and the emulator share one origin: `new ChatClient(location.origin + '/acs', ...)`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { createChatEmulator, type ChatEmulator, type ChatEmulatorOptions } from './emulator.ts';
import { nodeListener } from './node-adapter.ts';

export interface ChatEmulatorPluginOptions extends ChatEmulatorOptions {
  /** Where the endpoint lives on the dev server. Default '/acs'. */
  prefix?: string;
  /** An emulator to serve (to seed it or share it); default a new one made from these options. */
  emulator?: ChatEmulator;
}

export type ChatEmulatorPlugin = Plugin & { api: { emulator: ChatEmulator } };

export function chatEmulatorPlugin(options: ChatEmulatorPluginOptions = {}): ChatEmulatorPlugin {
  const { prefix: givenPrefix = '/acs', emulator: given, ...emulatorOptions } = options;
  const prefix = `/${givenPrefix.replace(/^\/+|\/+$/g, '')}`;
  const emulator = given ?? createChatEmulator(emulatorOptions);
  const listener = nodeListener(emulator.handle, { prefix });
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === prefix || path.startsWith(`${prefix}/`)) listener(req, res);
    else next();
  };
  return {
    name: 'react-acs-chat-emulator',
    // Added directly (not in a returned post hook), so it runs before Vite's own middlewares.
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    api: { emulator },
  };
}
