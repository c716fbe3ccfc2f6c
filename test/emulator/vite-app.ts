// A throwaway Vite dev server with the emulator plugin, on a free loopback port, for the plugin's
// tests: an app page at `/` and the emulator under the plugin's prefix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'vite';
import { listenOnLoopback } from '../support/loopback-server.ts';
import type { ChatEmulatorPlugin } from '../../src/emulator/index.ts';

export interface ViteApp {
  /** e.g. http://127.0.0.1:5173 */
  origin: string;
  close(): Promise<void>;
}

/**
 * `middleware`: Vite in middleware mode on an HTTP server of ours, handed to Vite as its HMR
 * server, as Storybook runs it.
 */
export async function startViteApp(
  plugin: ChatEmulatorPlugin,
  options: { hmr?: boolean; middleware?: boolean } = {},
): Promise<ViteApp> {
  const root = mkdtempSync(join(tmpdir(), 'acs-emulator-vite-'));
  if (options.middleware) return startMiddlewareApp(plugin, root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title><p>the app</p>');
  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin],
    server: {
      port: 0,
      host: '127.0.0.1',
      strictPort: false,
      watch: null,
      ...(options.hmr === false ? { hmr: false } : {}),
    },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  const { port } = vite.httpServer!.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await vite.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function startMiddlewareApp(plugin: ChatEmulatorPlugin, root: string): Promise<ViteApp> {
  const http = createHttpServer();
  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin],
    appType: 'custom',
    server: { middlewareMode: true, hmr: { server: http }, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  http.on('request', vite.middlewares);
  const { url, close } = await listenOnLoopback(http);
  return {
    origin: url,
    async close() {
      await vite.close();
      await close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
