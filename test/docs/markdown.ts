// What the docs test reads in a Markdown page: its fenced code blocks, its headings (as the
// anchors GitHub gives them) and its links, each with the line it is on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeBlock {
  /** The info string's first word (`ts`, `tsx`, `sh`, ...), or '' for a bare fence. */
  language: string;
  code: string;
  /** The line of the page (1-based) that holds the block's first line of code. */
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

export interface MarkdownPage {
  /** The page's path from the repository root, with forward slashes. */
  path: string;
  blocks: CodeBlock[];
  /** Every heading's anchor, as GitHub makes it (`## The CLI` -> `the-cli`). */
  anchors: Set<string>;
  links: Link[];
}

/** The pages the docs are made of: README.md, CONTRIBUTING.md and every Markdown file under docs/. */
export function docPages(root: string): string[] {
  const pages = ['README.md', 'CONTRIBUTING.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) pages.push(path);
    }
  };
  walk('docs');
  return pages;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces made hyphens. */
export function headingAnchor(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link keeps its text
    .replace(/<[^>]+>/g, '');
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

// Inline links and images `[text](target "title")`, and reference definitions `[id]: target`.
const inlineLink = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const referenceDefinition = /^ {0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+"[^"]*")?[ \t]*$/gm;

export function readPage(root: string, path: string): MarkdownPage {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const links: Link[] = [];
  // The page without its code blocks (blank lines in their place, so line numbers stay).
  const prose: string[] = [];
  let fence: { marker: string; language: string; start: number; code: string[] } | undefined;
  lines.forEach((text, index) => {
    const line = index + 1;
    if (fence) {
      prose.push('');
      if (text.trim() === fence.marker) {
        blocks.push({
          language: fence.language,
          code: fence.code.join('\n') + '\n',
          line: fence.start,
        });
        fence = undefined;
      } else {
        fence.code.push(text);
      }
      return;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (opening) {
      prose.push('');
      fence = { marker: opening[1]!, language: opening[2]!, start: line + 1, code: [] };
      return;
    }
    prose.push(text);
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      // A repeated heading gets -1, -2, ... as on GitHub.
      const anchor = headingAnchor(heading[1]!);
      const count = seen.get(anchor) ?? 0;
      seen.set(anchor, count + 1);
      anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
    }
  });
  if (fence) throw new Error(`${path}:${fence.start - 1}: a code fence is never closed`);
  // Code spans are text, not links; they and links may run over a line break.
  const text = prose.join('\n').replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  for (const found of text.matchAll(inlineLink)) {
    links.push({ target: found[1]!, line: lineAt(found.index) });
  }
  for (const found of text.matchAll(referenceDefinition)) {
    links.push({ target: found[1]!, line: lineAt(found.index) });
  }
  return { path, blocks, anchors, links };
}
