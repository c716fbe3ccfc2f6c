// The docs as a reader meets them: every TypeScript block compiles against the library as it is,
// every link inside the repository leads somewhere, and the README stays a short front door to
// the pages. (The quick start's commands are run from an empty folder by the package test.)
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docPages, readPage, type MarkdownPage } from './markdown.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pages: MarkdownPage[] = docPages(root).map((path) => readPage(root, path));

/** Languages a block may have: ts/tsx are compiled; the rest are commands, markup or output. */
const checked = new Set(['ts', 'tsx']);
const notChecked = new Set(['sh', 'html', 'json', 'text', '']);
/** A first line that names the block's file: `// src/main.tsx`. */
const namedFile = /^\/\/ ?([\w/-][\w./-]*\.(?:ts|tsx))\n/;
/** The visible opt-out for a ts/tsx block that is deliberately not a module. */
const optOut = /^\/\/ Not checked: (.+)\n/;

/** Blocks that opt out, as `page:line reason`: each one is a decision, so the list is spelled out. */
const expectedOptOuts: string[] = [];

interface Module {
  page: string;
  line: number;
}

/** Each ts/tsx block as the module it is written to, with where it came from. */
function modulesOf(page: MarkdownPage): Array<Module & { file: string; code: string }> {
  const folder = page.path.replace(/\.md$/, '');
  return page.blocks
    .filter((block) => checked.has(block.language) && !optOut.test(block.code))
    .map((block) => {
      const named = namedFile.exec(block.code)?.[1];
      if (named?.split('/').includes('..')) {
        throw new Error(`${page.path}:${block.line}: a block's file name may not leave its page`);
      }
      const file = posix.join(folder, named ?? `block-${block.line}.${block.language}`);
      return { page: page.path, line: block.line, file, code: block.code };
    });
}

function run(command: string, args: string[], cwd: string) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: stdout + stderr });
    });
  });
}

describe('the docs', () => {
  it('use only code block languages the docs test knows', () => {
    const unknown = pages.flatMap((page) =>
      page.blocks
        .filter((block) => !checked.has(block.language) && !notChecked.has(block.language))
        .map((block) => `${page.path}:${block.line - 1} \`\`\`${block.language}`),
    );
    expect(unknown, 'write TypeScript as ts/tsx, commands as sh, output as text').toEqual([]);
  });

  it('compile every ts and tsx block as a module against src/, strict as the repo', async () => {
    const optOuts = pages.flatMap((page) =>
      page.blocks
        .filter((block) => checked.has(block.language) && optOut.test(block.code))
        .map((block) => `${page.path}:${block.line} ${optOut.exec(block.code)![1]}`),
    );
    expect(optOuts).toEqual(expectedOptOuts);

    const modules = pages.flatMap(modulesOf);
    expect(modules.length).toBeGreaterThan(0);
    const work = mkdtempSync(join(tmpdir(), 'react-acs-chat-docs-'));
    try {
      const byFile = new Map<string, Module>();
      for (const module of modules) {
        if (byFile.has(module.file)) {
          throw new Error(`${module.page}:${module.line}: a second block names ${module.file}`);
        }
        byFile.set(module.file, module);
        mkdirSync(dirname(join(work, module.file)), { recursive: true });
        writeFileSync(join(work, module.file), module.code);
      }
      // The package's entries resolve to their sources.
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        name: string;
        exports: Record<string, string | { default: string }>;
      };
      const paths: Record<string, string[]> = {};
      for (const [subpath, target] of Object.entries(pkg.exports)) {
        if (typeof target === 'string') continue;
        const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
        paths[posix.join(pkg.name, subpath)] = [join(root, source)];
      }
      // Everything else (react, vite, @types/...) from this repo's packages, as src/ finds them.
      symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
      const repo = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
        compilerOptions: Record<string, unknown>;
      };
      writeFileSync(
        join(work, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            ...repo.compilerOptions,
            // Each block is a module of its own, even one without an import.
            moduleDetection: 'force',
            paths,
          },
          include: [...byFile.keys()],
        }),
      );
      const tsc = await run(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--pretty', 'false'],
        work,
      );
      // tsc names the written files; say where each error is in the docs instead.
      const errors = tsc.output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const found = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
          const module = found && byFile.get(found[1]!);
          if (!found || !module) return line;
          return `${module.page}:${module.line + Number(found[2]) - 1}:${found[3]} ${found[4]}`;
        });
      expect(errors).toEqual([]);
      expect(tsc.code).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('link only to files and headings that exist (http links are not fetched)', () => {
    const byPath = new Map(pages.map((page) => [page.path, page]));
    const dead: string[] = [];
    for (const page of pages) {
      for (const { target, line } of page.links) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http(s), mailto: outside the repository
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file =
          path === '' ? page.path : posix.normalize(posix.join(posix.dirname(page.path), path));
        const where = `${page.path}:${line} ${target}`;
        if (file.startsWith('../') || !existsSync(join(root, file))) {
          dead.push(`${where}: no file ${file}`);
          continue;
        }
        if (anchor === undefined) continue;
        const linked =
          byPath.get(file) ?? (file.endsWith('.md') ? readPage(root, file) : undefined);
        if (!linked) dead.push(`${where}: ${file} is not Markdown, so it has no #${anchor}`);
        else if (!linked.anchors.has(decodeURIComponent(anchor))) {
          dead.push(`${where}: ${file} has no heading #${anchor}`);
        }
      }
    }
    expect(dead).toEqual([]);
  });

  it('keep the README a front door: at most 150 lines, and a link to every page', () => {
    const readme = pages.find((page) => page.path === 'README.md')!;
    const lines = readFileSync(join(root, 'README.md'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(150);
    const linked = new Set(
      readme.links.map(({ target }) => posix.normalize(target.split('#')[0]!)),
    );
    const unlinked = pages
      .map((page) => page.path)
      .filter((path) => path !== 'README.md' && !linked.has(path));
    expect(unlinked, 'pages the README does not link to').toEqual([]);
  });
});
