// Packaging: what users install, checked the way they will meet it. The package is packed once,
// from a fresh clone of the work tree (no dist/), so its prepack script builds it as a publish
// from CI would; the tarball is linted (publint, attw), installed into a throwaway project and used
// from there: each entry imported in Node ESM, the types compiled by a consumer, the CLI run, and a
// browser app built with Vite. A size budget keeps the bundles from growing unnoticed.
//
// attw runs with `--profile esm-only`: the package is ESM only ("type": "module", exports with a
// single `default` condition, no `require`), so the CommonJS resolutions (`node16` from CJS,
// `node10`, which predates `exports`) cannot succeed by design; the profile ignores exactly those and
// still checks `node16` from ESM and `bundler`, the two ways the package is meant to be loaded.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBudgets, describeCheck } from '../../bench/size-budget.ts';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { readmeSection, startProcess } from './readme.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  exports: Record<string, string | { types: string; default: string }>;
};

/** Entries as users import them, with a few names each must export. */
const entries: Record<string, string[]> = {
  'react-acs-chat': [
    'ChatProvider',
    'useChatThreads',
    'useCreateChatThread',
    'useDeleteChatThread',
    'ChatClient',
  ],
  'react-acs-chat/core': ['ChatClient', 'CommunicationTokenCredential', 'isChatError'],
  'react-acs-chat/emulator': [
    'createChatEmulator',
    'createChatEmulatorServer',
    'chatEmulatorPlugin',
  ],
};

/** Peers come from this repo (linked, not installed): the test must not need the network for them. */
const linkedPeers = [
  'react',
  'react-dom',
  'scheduler',
  '@tanstack/react-query',
  '@tanstack/query-core',
  '@types/react',
  '@types/node',
];

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; resolves with its exit code and output rather than throwing, so tests can show both. */
function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function mustRun(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

let work: string;
/** The package as packed: the tarball extracted (package.json, README, LICENSE and dist/). */
let staged: string;
let tarball: string;
let consumer: string;
let packedFiles: string[];
/** What `npm pack` printed, its prepack build included. */
let packOutput: string;
/** The emulator's optional peers, at the versions this repo tests with. */
const emulatorPeers = Object.fromEntries(
  Object.keys(pkg.peerDependenciesMeta).map((name) => [name, pkg.devDependencies[name]!]),
);

/** `npm pack --json` prints the prepack build's output first; its JSON report comes last. */
function packReport(stdout: string): Array<{ filename: string; files: Array<{ path: string }> }> {
  return JSON.parse(stdout.slice(stdout.lastIndexOf('\n[\n') + 1)) as ReturnType<typeof packReport>;
}

beforeAll(async () => {
  // The React entry is written alongside this test by another part of the project; the package
  // declares it in `exports`, so without it there is nothing correct to pack.
  if (!existsSync(join(root, 'src/react/index.ts'))) {
    throw new Error('src/react/index.ts is missing: the "." export has no source to build');
  }
  work = mkdtempSync(join(tmpdir(), 'react-acs-chat-package-'));
  // A fresh clone: the work tree's files as git has them (tracked or new, never ignored, so no
  // dist/), with this repo's node_modules linked in. `npm pack` there is what a publish from CI
  // does, prepack build included; building in a copy also keeps ./dist out of it, which several
  // test runs of this work tree share.
  const clone = join(work, 'clone');
  const files = (
    await mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root)
  )
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(root, file), join(clone, file));
  }
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  if (existsSync(join(clone, 'dist'))) throw new Error('the clone has a dist/ before packing');
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], clone);
  packOutput = pack.stdout + pack.stderr;
  if (pack.code !== 0) throw new Error(`npm pack failed (${pack.code}):\n${packOutput}`);
  const packed = packReport(pack.stdout);
  tarball = join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((file) => file.path);
  // npm packs into package/: extracted, that is the package as users install it.
  await mustRun('tar', ['-xzf', tarball, '-C', work], work);
  staged = join(work, 'package');

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      // The emulator's optional peers, as its README section tells its users to install them.
      dependencies: { [pkg.name]: `file:${tarball}`, ...emulatorPeers },
    }),
  );
  // --prefer-offline: the package's dependencies (ky, jose, selfsigned) come from npm's cache,
  // which installing this repo filled. --legacy-peer-deps: peers are linked from the repo below.
  await mustRun(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--legacy-peer-deps',
      '--no-package-lock',
    ],
    consumer,
  );
  for (const name of linkedPeers) {
    const link = join(consumer, 'node_modules', name);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
}, 120_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** Every file package.json names for users: each export's module and types, and each bin. */
function namedFiles(): string[] {
  const targets = Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : [target.default, target.types],
  );
  return [...targets, ...Object.values(pkg.bin)].map((path) => path.replace(/^\.\//, ''));
}

describe('npm pack from a fresh clone (no dist/)', () => {
  it('builds first (prepack) and packs every file the exports and bin name', () => {
    expect(namedFiles().filter((path) => !packedFiles.includes(path))).toEqual([]);
    expect(namedFiles()).toContain('dist/react/index.js');
  });

  it("builds without a warning that the 'use client' directive may be lost", () => {
    expect(packOutput).toMatch(/built in/);
    expect(packOutput).not.toMatch(/MODULE_LEVEL_DIRECTIVE|may not be preserved/);
  });
});

describe('the built package', () => {
  it('has a module and declarations for every export, and a CLI with a shebang', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue; // ./package.json
      expect(existsSync(join(staged, target.default)), `${subpath} -> ${target.default}`).toBe(
        true,
      );
      expect(existsSync(join(staged, target.types)), `${subpath} -> ${target.types}`).toBe(true);
    }
    for (const path of Object.values(pkg.bin)) {
      expect(readFileSync(join(staged, path), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
        true,
      );
    }
  });

  it("starts the React entry with 'use client', so server-component frameworks treat it as client code", () => {
    expect(readFileSync(join(staged, 'dist/react/index.js'), 'utf8')).toMatch(
      /^["']use client["'];\n/,
    );
  });

  it("leaves development checks to the app's bundler, guarded for pages without process", () => {
    const react = readFileSync(join(staged, 'dist/react/index.js'), 'utf8');
    expect(react).toMatch(/try \{\s*if \(process\.env\.NODE_ENV !== "production"\)/);
  });

  it('ships its licence', () => {
    expect(packedFiles).toContain('LICENSE');
  });

  it('passes publint --strict', async () => {
    const result = await run(bin('publint'), ['run', tarball, '--strict'], root);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/Errors:|Warnings:|Suggestions:/);
  });

  it('passes attw with the esm-only profile', async () => {
    const result = await run(
      bin('attw'),
      [tarball, '--profile', 'esm-only', '--format', 'json'],
      root,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      analysis: { entrypoints: Record<string, unknown> };
      problems: Record<string, Array<{ entrypoint: string; resolutionKind?: string }>>;
    };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([
      '.',
      './core',
      './emulator',
      './package.json',
    ]);
    // The JSON lists the problems the profile ignores too: only CommonJS ones may appear.
    const counted = Object.values(report.problems)
      .flat()
      .filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(counted).toEqual([]);
  });
});

describe('the installed tarball', () => {
  it('imports every entry from Node ESM, and core talks to the emulator', async () => {
    const script = `
      const names = ${JSON.stringify(entries)};
      const missing = [];
      for (const [entry, expected] of Object.entries(names)) {
        const module = await import(entry);
        for (const name of expected) if (!(name in module)) missing.push(entry + ' ' + name);
      }
      const { ChatClient, CommunicationTokenCredential } = await import('react-acs-chat/core');
      const { createChatEmulatorServer } = await import('react-acs-chat/emulator');
      const server = await createChatEmulatorServer();
      const { token } = await server.emulator.createUser();
      const client = new ChatClient(server.url, new CommunicationTokenCredential(token));
      const { chatThread } = await client.createChatThread({ topic: 'from the tarball' });
      const listed = [];
      for await (const thread of client.listChatThreads()) listed.push(thread.topic);
      await client.deleteChatThread(chatThread.id);
      client.close();
      await server.close();
      console.log(JSON.stringify({ missing, listed }));
    `;
    writeFileSync(join(consumer, 'check.mjs'), script);
    const out = await mustRun(process.execPath, ['check.mjs'], consumer);
    expect(JSON.parse(out)).toEqual({ missing: [], listed: ['from the tarball'] });
  });

  it('runs the CLI through its bin link', async () => {
    const out = await mustRun(
      join(consumer, 'node_modules/.bin/react-acs-chat-emulator'),
      ['--help'],
      consumer,
    );
    expect(out).toMatch(/^Usage: react-acs-chat-emulator/);
  });

  it('type-checks a consumer that uses every entry (moduleResolution nodenext)', async () => {
    writeFileSync(
      join(consumer, 'consumer.ts'),
      `import { ChatProvider, useChatThreads, type ChatProviderProps } from 'react-acs-chat';
import { ChatClient, CommunicationTokenCredential, isChatError, type ChatError } from 'react-acs-chat/core';
import { createChatEmulator } from 'react-acs-chat/emulator';

export const client: ChatClient = new ChatClient('https://x.communication.azure.com', new CommunicationTokenCredential('t'));
export const provider: typeof ChatProvider = ChatProvider;
export type Props = ChatProviderProps;
export const hook: typeof useChatThreads = useChatThreads;
export const guard: (e: unknown) => boolean = isChatError;
export const count: number = createChatEmulator().threadCount();

// The app's own TanStack defaultError: it must compile beside the library, and the chat hooks
// still report ChatError.
class AppError extends Error {
  readonly app = true;
}
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: AppError;
  }
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const chatErrors: Same<ReturnType<typeof useChatThreads>['error'], ChatError | null> = true;
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          strict: true,
          noEmit: true,
          // Libraries are checked too: the published .d.ts files must stand without Vite. The
          // emulator is Node code, so its consumer has Node's types (and only those).
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const result = await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      consumer,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('builds into a browser app with Vite without node: modules or the emulator', async () => {
    const app = join(consumer, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, 'index.html'),
      '<!doctype html><script type="module" src="./main.js"></script>',
    );
    writeFileSync(
      join(app, 'main.js'),
      `import { ChatProvider, useChatThreads, useCreateChatThread, useDeleteChatThread } from 'react-acs-chat';
import { ChatClient, CommunicationTokenCredential } from 'react-acs-chat/core';
globalThis.app = { ChatProvider, useChatThreads, useCreateChatThread, useDeleteChatThread, ChatClient, CommunicationTokenCredential };
`,
    );
    const modules: string[] = [];
    const warnings: string[] = [];
    await build({
      configFile: false,
      root: app,
      logLevel: 'silent',
      build: { write: false, outDir: join(app, 'dist'), minify: false },
      plugins: [
        {
          name: 'record-modules',
          // Every module that ends up in a chunk, node built-ins included (Vite stubs those for the
          // browser as __vite-browser-external, which would hide them from a check of the output).
          generateBundle(_options, bundle) {
            for (const chunk of Object.values(bundle)) {
              if (chunk.type === 'chunk') modules.push(...chunk.moduleIds);
            }
          },
        },
      ],
      customLogger: {
        info: () => {},
        warn: (message) => warnings.push(message),
        warnOnce: (message) => warnings.push(message),
        error: (message) => warnings.push(message),
        clearScreen: () => {},
        hasErrorLogged: () => false,
        hasWarned: false,
      },
    });
    const ours = modules.filter((id) => id.includes('/node_modules/react-acs-chat/'));
    expect(ours.length).toBeGreaterThan(0);
    expect(modules.filter((id) => /^node:|__vite-browser-external/.test(id))).toEqual([]);
    expect(
      ours.filter((id) => id.includes('/emulator/') || /\/server-[\w-]+\.js$/.test(id)),
    ).toEqual([]);
    expect(warnings.filter((w) => /externalized for browser|node:/.test(w))).toEqual([]);
  });
});

describe('an app that uses only the React entry', () => {
  it('installs no emulator dependency, and the emulator says what to install', async () => {
    const app = join(work, 'react-app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'react-app',
        private: true,
        type: 'module',
        // What the README's install line gives: the library and its required peers.
        dependencies: {
          [pkg.name]: `file:${tarball}`,
          '@tanstack/react-query': pkg.devDependencies['@tanstack/react-query'],
          react: pkg.devDependencies.react,
        },
      }),
    );
    await mustRun(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'],
      app,
    );
    const installed = (name: string) => existsSync(join(app, 'node_modules', name));
    expect(installed('ky')).toBe(true);
    expect(['jose', 'selfsigned', '@peculiar'].filter(installed)).toEqual([]);

    writeFileSync(
      join(app, 'emulator.mjs'),
      `import { createChatEmulator } from 'react-acs-chat/emulator';
      try {
        await createChatEmulator().createUser();
        console.log('no error');
      } catch (error) {
        console.log(error.name + ': ' + error.message);
      }`,
    );
    const out = await mustRun(process.execPath, ['emulator.mjs'], app);
    expect(out.trim()).toBe(
      "MissingPeerDependencyError: react-acs-chat/emulator needs the package 'jose' to sign and " +
        'check user tokens: install it with `npm install --save-dev jose`.',
    );
  });
});

describe("the quick start's dev setup, followed from an empty folder", () => {
  it('serves a working inbox from Vite with the emulator plugin', async () => {
    const { commands, files } = readmeSection(
      readFileSync(join(root, 'docs/quick-start.md'), 'utf8'),
      '## Develop against the emulator',
    );
    const app = join(work, 'my-chat');
    mkdirSync(app);
    // The section's commands as written, run in the empty folder: the package comes from the
    // tarball instead of the registry, everything else from npm's cache where it can.
    const offline = '--prefer-offline --no-audit --no-fund';
    for (const command of commands) {
      if (/^(mkdir|cd|npx vite)\b/.test(command)) continue;
      const line = command
        .replace(/(npm install\b.*?) react-acs-chat(?= |$)/, `$1 file:${tarball}`)
        .replace(/npm install\b/g, `npm install ${offline}`);
      await mustRun('sh', ['-c', line], app);
    }
    expect(Object.keys(files).sort()).toEqual(['index.html', 'src/main.tsx', 'vite.config.ts']);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), text);
    }

    // Its code type-checks under strict mode (the types React and Vite users have).
    for (const name of ['@types/react', '@types/react-dom']) {
      const link = join(app, 'node_modules', name);
      if (existsSync(link)) continue;
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(root, 'node_modules', name), link, 'dir');
    }
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          jsx: 'react-jsx',
          lib: ['ES2023', 'DOM'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['src', 'vite.config.ts'],
      }),
    );
    const typecheck = await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      app,
    );
    expect(typecheck.code, typecheck.stdout + typecheck.stderr).toBe(0);

    const vite = await startProcess(
      process.execPath,
      [join(app, 'node_modules/vite/bin/vite.js'), '--host', '127.0.0.1', '--port', '0'],
      app,
      /http:\/\/127\.0\.0\.1:\d+\//,
    );
    const browser = await chromium.launch(chromiumLaunchOptions);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(vite.match);
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      await page.getByText('Ada Lovelace and Alan Turing').waitFor();
      const topics = await page.getByRole('listitem').allTextContents();
      expect(topics.sort()).toEqual([
        'Ada Lovelace and Alan Turing',
        'Ada Lovelace and Grace Hopper',
      ]);
      // Live as written: our real-time client over the plugin's loopback http, no setting needed.
      await page.getByRole('status').filter({ hasText: 'Real-time: connected' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await vite.stop();
    }
  }, 240_000);
});

describe('size budget', () => {
  it('keeps every bundle within bench/size-budget.json', async () => {
    const checks = await checkBudgets();
    const over = checks.filter((check) => !check.ok).map(describeCheck);
    expect(over, 'grown past the budget: shrink it, or raise the budget on purpose').toEqual([]);
  });
});
