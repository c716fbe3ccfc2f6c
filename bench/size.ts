// Bundle size: what an app imports for one job (list, create and delete threads), bundled the same
// way for us and for the official SDK: esbuild, browser, ESM, minified, then gzip. React and
// TanStack Query are peers of ours and left out; the official SDK has no such peers. Entries are
// bundled from source so the bench runs on a fresh clone without a build first; the packaging test
// checks separately that the built package resolves the same way.
import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface SizeRow {
  name: string;
  minified: number;
  gzip: number;
}

export interface BundleResult extends SizeRow {
  /** Gzip bytes of the chunks loaded later (dynamic imports), not part of the first load. */
  lazyGzip: number;
  metafile: Metafile;
  /** The minified bundle itself, for a page to run (the Chromium overhead run). */
  code: Uint8Array;
}

/** The React entry is written by another part of the project; until it exists, that row is skipped. */
export const reactEntry = 'src/react/index.ts';
export const hasReactEntry = (): boolean =>
  existsSync(new URL(`../${reactEntry}`, import.meta.url));

const hooksJob = `
  import { ChatProvider, CommunicationTokenCredential, useChatThreads, useCreateChatThread, useDeleteChatThread } from './src/react/index.ts';
  export { ChatProvider, CommunicationTokenCredential, useChatThreads, useCreateChatThread, useDeleteChatThread };`;

const coreJob = `
  import { ChatClient, CommunicationTokenCredential } from './src/core/index.ts';
  export async function job(endpoint, token) {
    const client = new ChatClient(endpoint, new CommunicationTokenCredential(token));
    const { chatThread } = await client.createChatThread({ topic: 't' });
    for await (const page of client.listChatThreads().byPage()) console.log(page.length);
    await client.deleteChatThread(chatThread.id);
  }`;

const officialJob = `
  import { ChatClient } from '@azure/communication-chat';
  import { AzureCommunicationTokenCredential } from '@azure/communication-common';
  export async function job(endpoint, token) {
    const client = new ChatClient(endpoint, new AzureCommunicationTokenCredential(token));
    const { chatThread } = await client.createChatThread({ topic: 't' });
    for await (const page of client.listChatThreads().byPage()) console.log(page.length);
    await client.deleteChatThread(chatThread.id);
  }`;

/** ky on its own, used the way core uses it: the floor under any ky-based client. */
const kyAlone = `
  import ky from 'ky';
  export const api = ky.create({ retry: 2, hooks: { beforeRequest: [() => {}], afterResponse: [() => {}] } });`;

/**
 * A live inbox: the hooks job, and a real-time source loaded on demand and passed to the provider
 * (`realtime={source}`), as an app ships it while the provider does not create one by itself.
 */
const liveInbox = (loader: string) => `${hooksJob}
  export const connectRealtime = (endpoint, token) =>
    import('${loader}').then((module) => module.connect(endpoint, token));`;

export const sizeEntries = {
  hooks: { name: 'react-acs-chat (hooks + core + ky)', contents: hooksJob },
  liveOurs: {
    name: 'live inbox, our ChatRealtimeClient as the source',
    contents: liveInbox('./bench/live-source.ts'),
  },
  liveOfficial: {
    name: 'live inbox, the official ChatClient as the source',
    contents: liveInbox('./bench/live-source-official.ts'),
  },
  core: { name: 'react-acs-chat/core (+ ky)', contents: coreJob },
  // The real-time client alone: these two less the first (what core's REST client already has).
  chatClient: {
    name: 'ChatClient',
    contents: `import { ChatClient } from './src/core/index.ts'; export const x = ChatClient;`,
  },
  chatClientAndRealtime: {
    name: 'ChatClient and ChatRealtimeClient',
    contents: `import { ChatClient, ChatRealtimeClient } from './src/core/index.ts';
      export const x = [ChatClient, ChatRealtimeClient];`,
  },
  official: { name: '@azure/communication-chat + common', contents: officialJob },
  ky: { name: 'ky alone', contents: kyAlone },
} as const;

export type SizeEntry = keyof typeof sizeEntries;

// Our peers: an app has them already, so the size rows leave them out.
const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];

// What a dynamic import loads comes later, when used: for the first load it is left out (as an
// external module), so the rest is tree-shaken as one bundle, as an app's bundler would.
const onDemandLeftOut: Plugin = {
  name: 'on-demand-left-out',
  setup(context) {
    context.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * `withPeers`: bundle React and TanStack Query too, for a page that renders on its own. `page`:
 * one file to run as is, what dynamic imports load included.
 */
export async function bundle(
  contents: string,
  name: string,
  plugins: Plugin[] = [],
  { withPeers = false, page = false } = {},
): Promise<BundleResult> {
  const build1 = (extra: Plugin[]) =>
    build({
      plugins: [...plugins, ...extra],
      stdin: { contents, resolveDir: root, loader: 'tsx', sourcefile: 'entry.tsx' },
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      treeShaking: true,
      jsx: 'automatic',
      external: withPeers ? [] : peers,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
  const whole = await build1([]);
  const first = page ? whole : await build1([onDemandLeftOut]);
  const code = first.outputFiles[0]!.contents;
  const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
  return {
    name,
    minified: code.length,
    gzip: gzip(code),
    // About what the on-demand code adds: the whole bundle less the first load.
    lazyGzip: page ? 0 : gzip(whole.outputFiles[0]!.contents) - gzip(code),
    metafile: first.metafile,
    code,
  };
}

export async function measureSize(entry: SizeEntry): Promise<BundleResult | undefined> {
  if (entry !== 'core' && entry !== 'official' && entry !== 'ky' && !hasReactEntry())
    return undefined;
  const { name, contents } = sizeEntries[entry];
  return bundle(contents, name);
}

export interface InputShare {
  /** A source file, or a whole package under node_modules. */
  input: string;
  /** Minified bytes this input contributes to the bundle. */
  bytes: number;
}

/** Where a bundle's bytes come from, largest first: our files one by one, each package as a whole. */
export function breakdown(metafile: Metafile): InputShare[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const key = pkg ?? path;
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .map(([input, bytes]) => ({ input, bytes }))
    .filter((share) => share.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** A module left out of a bundle (replaced by a stub with the same exports), to price it. */
export interface Candidate {
  name: string;
  /** Matches the import path as written (e.g. /^ky$/ or /chat-thread-client\.ts$/). */
  filter: RegExp;
  stub: string;
}

/** The parts of core a list/create/delete app pays for, each priced by leaving it out. */
export const coreCandidates: Candidate[] = [
  {
    name: 'ky (as if core called fetch itself)',
    filter: /^ky$/,
    stub: `export default { create: () => () => {}, retry: () => {} };
      export class HTTPError {}
      export const isHTTPError = () => false, isNetworkError = () => false,
        isTimeoutError = () => false, replaceOption = (value) => value;`,
  },
  {
    name: 'ChatThreadClient (reached through ChatClient.getChatThreadClient)',
    filter: /chat-thread-client\.ts$/,
    stub: 'export class ChatThreadClient {} export const typingNotificationIntervalMs = 8000;',
  },
  {
    name: 'identifiers.ts (every identifier kind, both directions)',
    filter: /identifiers\.ts$/,
    stub: `export const identifierToWire = (x) => x, identifierModels = {}, clouds = new Set(),
      parseIdentifier = (x) => x, getIdentifierRawId = (x) => x;`,
  },
];

/** The parts of the React layer a list/create/delete app pays for without using them. */
export const hooksCandidates: Candidate[] = [
  {
    // The rest of real-time (chat-realtime.ts and what only it reaches) is loaded on demand.
    name: 'real-time in the first load (live-realtime.ts: the loader ChatProvider runs with a source)',
    filter: /live-realtime\.ts$/,
    stub: 'export const useLiveRealtime = (source) => ({ source });',
  },
  {
    name: 'message polling (poll-new-messages.ts, message-lists.ts), reached through chatQueries',
    filter: /poll-new-messages\.ts$/,
    stub: 'export const pollNewMessages = () => {};',
  },
];

function stubPlugin(candidate: Candidate): Plugin {
  return {
    name: 'stub',
    setup(context) {
      context.onResolve({ filter: candidate.filter }, (args) => ({
        path: args.path,
        namespace: 'stub',
      }));
      context.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: candidate.stub,
        loader: 'js',
      }));
    },
  };
}

export interface Saving {
  name: string;
  /** Gzip bytes the bundle would lose without it; undefined when the stub no longer fits. */
  gzipSaved?: number;
}

/** What each candidate costs in the given bundle. */
export async function savings(entry: SizeEntry, candidates: Candidate[]): Promise<Saving[]> {
  const { name, contents } = sizeEntries[entry];
  const base = await bundle(contents, name);
  const result: Saving[] = [];
  for (const candidate of candidates) {
    try {
      const without = await bundle(contents, name, [stubPlugin(candidate)]);
      result.push({ name: candidate.name, gzipSaved: base.gzip - without.gzip });
    } catch {
      // The module's exports changed since the stub was written: report it unpriced.
      result.push({ name: candidate.name });
    }
  }
  return result;
}
