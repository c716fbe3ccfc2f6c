// Where a Chromium or Chrome for the browser tests is on this machine, if anywhere: the one named by
// CHROMIUM_PATH, one on the PATH or in a usual install folder, or the one Playwright downloaded.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

const commands = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
];

const installFolders = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  const folders = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const suffixes = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const folder of folders) {
    for (const suffix of suffixes) {
      const candidate = join(folder, command + suffix);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The browser the tests will launch, or undefined when the machine has none. */
export function findChromium(): string | undefined {
  const named = process.env.CHROMIUM_PATH;
  if (named) return isExecutable(named) ? named : undefined;
  for (const command of commands) {
    const found = onPath(command);
    if (found) return found;
  }
  // Debian installs here even when /usr/bin is not on a minimal PATH.
  for (const path of ['/usr/bin/chromium', ...installFolders]) if (isExecutable(path)) return path;
  const playwrights = chromium.executablePath();
  return isExecutable(playwrights) ? playwrights : undefined;
}
