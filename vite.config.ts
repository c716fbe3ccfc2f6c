import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './test/support/chromium.ts';

const chromium = playwright({ launchOptions: chromiumLaunchOptions });

// Library build: one entry per export; runtime dependencies and peers stay external.
const external = [
  /^node:/,
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^@tanstack\//,
  'ky',
  'jose',
  'selfsigned',
  'ws',
];

const reactEntry = fileURLToPath(new URL('src/react/index.ts', import.meta.url));
const useClient = /^(['"])use client\1;?/;

/**
 * The React entry's 'use client' is written by the build, not left to the bundler: rolldown keeps
 * an entry module's directives but warns that it may not (MODULE_LEVEL_DIRECTIVE), and would drop
 * one that ended up off an entry. So the source's directive is blanked (same length: the source
 * map holds) and the entry's chunk starts with one. A source without it fails the build.
 */
function useClientEntry(): Plugin {
  return {
    name: 'use-client-entry',
    transform: {
      filter: { id: /src[\\/]react[\\/]index\.ts$/ },
      handler(code, id) {
        if (id !== reactEntry) return null;
        const directive = useClient.exec(code);
        if (!directive) this.error(`${id} must start with 'use client'.`);
        return {
          code: ' '.repeat(directive[0].length) + code.slice(directive[0].length),
          map: null,
        };
      },
    },
    banner: (chunk) =>
      chunk.isEntry && chunk.facadeModuleId === reactEntry ? "'use client';" : '',
  };
}

export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    minify: false,
    lib: {
      formats: ['es'],
      entry: {
        'core/index': 'src/core/index.ts',
        'react/index': 'src/react/index.ts',
        'emulator/index': 'src/emulator/index.ts',
        'emulator/cli': 'src/emulator/cli.ts',
      },
    },
    rolldownOptions: { external, plugins: [useClientEntry()] },
  },
  test: {
    projects: [
      {
        // examples/ import the package by its name, as users do: here it is the sources (the
        // same mapping as tsconfig.json's paths); run with Node, it is the build (dist/), which
        // Node finds through package.json's exports.
        resolve: {
          alias: {
            'react-acs-chat/core': fileURLToPath(new URL('src/core/index.ts', import.meta.url)),
          },
        },
        test: {
          name: 'node',
          include: [
            'test/core/**/*.test.ts',
            'test/examples/**/*.test.ts',
            'test/emulator/**/*.test.ts',
            'test/conformance/**/*.test.ts',
            // The docs: their code compiled against src/, their links followed.
            'test/docs/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles: ['test/support/spec-validation-setup.ts'],
          testTimeout: 20_000,
          // Some files start HTTPS emulators (an RSA key and a certificate each) before their tests.
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'react',
          include: ['test/react/**/*.test.{ts,tsx}'],
          // Type tests (*.test-d.ts): tsc checks them in `vitest run`; nothing of them runs.
          typecheck: { enabled: true, include: ['test/react/**/*.test-d.{ts,tsx}'] },
          environment: 'jsdom',
          setupFiles: [
            'test/support/spec-validation-setup.ts',
            'test/support/testing-library-setup.ts',
            'test/react/websocket-setup.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        // Builds, packs and installs the package once, then checks it as users get it. Its own
        // project so the build runs beside the other projects; the generous timeouts cover a cold
        // npm cache.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The core client and the hooks in Chromium, against the emulator on another origin.
        // Dependencies named up front: one found mid-run makes Vite reload the page under a test.
        optimizeDeps: {
          include: [
            '@tanstack/react-query',
            '@tanstack/react-virtual',
            '@testing-library/react',
            'react-dom/client',
            'ky',
          ],
        },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          globalSetup: ['test/browser/global-setup.ts'],
          setupFiles: ['test/support/testing-library-setup.ts'],
          testTimeout: 20_000,
          browser: {
            enabled: true,
            headless: true,
            provider: chromium,
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        // The official @azure/communication-chat SDK, unchanged, in Chromium: its real-time
        // notifications from the emulator over HTTPS (self-signed, hence the certificate flag),
        // alone and as the ChatProvider's event source.
        optimizeDeps: {
          include: [
            '@azure/communication-chat',
            '@azure/communication-common',
            '@tanstack/react-query',
            '@testing-library/react',
            'react-dom/client',
            'ky',
          ],
        },
        test: {
          name: 'realtime',
          include: ['test/realtime/**/*.test.{ts,tsx}'],
          globalSetup: ['test/realtime/global-setup.ts'],
          setupFiles: ['test/support/testing-library-setup.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                ...chromiumLaunchOptions,
                args: [...chromiumLaunchOptions.args, '--ignore-certificate-errors'],
              },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        // The demo end to end: starts `storybook dev` (what `npm start` runs) and drives the Inbox
        // in Chromium through playwright-core.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Every story's play function as a test in Chromium. The plugin applies .storybook/main.ts
        // (viteFinal included), so each story gets a seeded emulator under /acs/visits/<n>.
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          testTimeout: 30_000,
          // One story file at a time: every visit seeds an emulator of its own (about a second of
          // work), which is plenty for two cores.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            // A laptop-sized page, so the screens lay out as a viewer sees them.
            viewport: { width: 1280, height: 800 },
            provider: chromium,
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
