// Storybook on the embedded emulator: `npm start` serves the stories and, in the same dev server,
// the ACS Chat emulator under /acs (chatEmulatorPlugin), seeded with the demo's data. Identity is
// open so the browser can ask the emulator's Identity API for the demo user's token, as an app
// would ask its own token endpoint. The Vitest storybook project reuses this config (viteFinal
// included), so the stories' tests talk to the same kind of emulator over real HTTP.
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { chatEmulatorPlugin, createChatEmulator } from '../src/emulator/index.ts';
import { demoClock, demoDataPlugin } from './demo-data.ts';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    const clock = demoClock();
    const emulator = createChatEmulator({ identityAuth: 'open', now: clock.now });
    return mergeConfig(viteConfig, {
      plugins: [chatEmulatorPlugin({ emulator, prefix: '/acs' }), demoDataPlugin(emulator, clock)],
      // Known up front, so Vite does not discover them mid-run and reload the page (which
      // fails a Vitest browser run and slows the first visit in the dev server).
      optimizeDeps: {
        include: [
          '@tanstack/react-query',
          '@tanstack/react-query-devtools',
          '@tanstack/react-virtual',
          'ky',
        ],
      },
    });
  },
};

export default config;
