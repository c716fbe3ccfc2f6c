import { defineConfig } from 'vitest/config';

// Library build: one entry per export; runtime dependencies and peers stay external.
const external = [
  /^node:/,
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^@tanstack\//,
  'ky',
  'jose',
  'selfsigned',
];

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
    rolldownOptions: { external },
  },
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: [
            'test/core/**/*.test.ts',
            'test/emulator/**/*.test.ts',
            'test/conformance/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'react',
          include: ['test/react/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          testTimeout: 20_000,
        },
      },
    ],
  },
});
