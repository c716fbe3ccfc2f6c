// The repository stands alone: a clone from GitHub has nothing beside it (no ../shared), so the
// tests that check exchanges against the ACS Chat spec must find it inside the repository. This
// copies what git would clone (tracked files and new ones not ignored) into an empty folder, links
// node_modules (a clone would `npm ci`), and runs spec-validating tests there.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'react-acs-chat-clone-'));
const clone = join(work, 'react-acs-chat');

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('runs the spec-validating tests in a copy of the repository with nothing beside it', () => {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: root, encoding: 'utf8' },
  )
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(root, file), join(clone, file));
  }
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  expect(existsSync(join(work, 'shared'))).toBe(false);

  const report = join(work, 'report.json');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      'node',
      '--project',
      'react',
      'test/conformance/spec-validator.test.ts',
      'test/react/use-chat-threads.test.tsx',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: clone, stdio: 'pipe', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
  };
  expect({ numFailedTests }).toEqual({ numFailedTests: 0 });
  expect(numPassedTests).toBeGreaterThan(10);
}, 180_000);
