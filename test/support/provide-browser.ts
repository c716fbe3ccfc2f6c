// `npm test` runs this first (the `pretest` script): the browser projects need a Chromium, and a
// bare machine has none. Use one that is there; else let Playwright download its own; else, on
// Debian or Ubuntu as root, install the distribution's; else say in one line how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.ts';

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function playwrightDownload(): boolean {
  console.log(
    'Test browser: none found; downloading Chromium with `playwright-core install chromium`.',
  );
  const packageJson = fileURLToPath(import.meta.resolve('playwright-core/package.json'));
  const cli = join(dirname(packageJson), 'cli.js');
  return run(process.execPath, [cli, 'install', 'chromium']);
}

function aptInstall(): boolean {
  const isRoot = process.getuid?.() === 0;
  if (process.platform !== 'linux' || !isRoot || !existsSync('/usr/bin/apt-get')) return false;
  console.log("Test browser: installing the distribution's Chromium with apt-get.");
  if (!run('apt-get', ['update', '-qq'])) return false;
  return (
    run('apt-get', ['install', '-y', '-qq', 'chromium']) ||
    run('apt-get', ['install', '-y', '-qq', 'chromium-browser'])
  );
}

function main(): number {
  const named = process.env.CHROMIUM_PATH;
  if (named && findChromium() === undefined) {
    console.error(`Test browser: CHROMIUM_PATH=${named} is not an executable; fix or unset it.`);
    return 1;
  }
  for (const provide of [() => true, playwrightDownload, aptInstall]) {
    if (!provide()) continue;
    const found = findChromium();
    if (found) {
      console.log(`Test browser: ${found}`);
      return 0;
    }
  }
  console.error(
    'Test browser: no Chromium found and none could be installed. Install Chromium or Chrome ' +
      '(e.g. `sudo apt-get install chromium`), or run `npx playwright-core install chromium`, ' +
      'or set CHROMIUM_PATH to a Chromium executable; then run `npm test` again.',
  );
  return 1;
}

process.exitCode = main();
