// Storybook on the embedded emulator: `npm start` serves the stories and, in the same dev server,
// an ACS Chat emulator for every story visit under /acs/visits/<n> (demo-visits.ts), seeded with the
// demo's data, so no visit can spoil another. Identity is open so the browser can ask the
// emulator's Identity API for the demo user's token, as an app would ask its own token endpoint.
// The Vitest storybook project reuses this config (viteFinal included), so the stories' tests talk
// to the same kind of emulator over real HTTP.
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { demoVisitsPlugin } from './demo-visits.ts';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [demoVisitsPlugin()],
      // Known up front, so Vite does not discover them mid-run and reload the page (which
      // fails a Vitest browser run and slows the first visit in the dev server).
      optimizeDeps: {
        include: [
          '@azure/communication-chat',
          '@azure/communication-common',
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
