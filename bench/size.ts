// Bundle size: what an app imports for one job (list, create and delete threads), bundled the same
// way for us and for the official SDK: esbuild, browser, ESM, minified, then gzip. React and
// TanStack Query are peers of ours and left out; the official SDK has no such peers.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface SizeRow {
  name: string;
  minified: number;
  gzip: number;
}

const entries: Record<string, string> = {
  'react-acs-chat (hooks + core + ky)': `
    import { ChatProvider, CommunicationTokenCredential, useChatThreads, useCreateChatThread, useDeleteChatThread } from './src/react/index.ts';
    export { ChatProvider, CommunicationTokenCredential, useChatThreads, useCreateChatThread, useDeleteChatThread };`,
  'react-acs-chat/core (+ ky)': `
    import { ChatClient, CommunicationTokenCredential } from './src/core/index.ts';
    export async function job(endpoint, token) {
      const client = new ChatClient(endpoint, new CommunicationTokenCredential(token));
      const { chatThread } = await client.createChatThread({ topic: 't' });
      for await (const page of client.listChatThreads().byPage()) console.log(page.length);
      await client.deleteChatThread(chatThread.id);
    }`,
  '@azure/communication-chat + common': `
    import { ChatClient } from '@azure/communication-chat';
    import { AzureCommunicationTokenCredential } from '@azure/communication-common';
    export async function job(endpoint, token) {
      const client = new ChatClient(endpoint, new AzureCommunicationTokenCredential(token));
      const { chatThread } = await client.createChatThread({ topic: 't' });
      for await (const page of client.listChatThreads().byPage()) console.log(page.length);
      await client.deleteChatThread(chatThread.id);
    }`,
};

export async function measureSizes(): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const [name, contents] of Object.entries(entries)) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'tsx', sourcefile: 'entry.tsx' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      minify: true,
      treeShaking: true,
      jsx: 'automatic',
      external: ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'],
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    rows.push({ name, minified: code.length, gzip: gzipSync(code, { level: 9 }).length });
  }
  return rows;
}
