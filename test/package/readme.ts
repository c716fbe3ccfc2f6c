// Reading the docs as a newcomer follows them (the quick start, docs/quick-start.md), and running
// what they say to run.
import { spawn } from 'node:child_process';

export interface ReadmeSection {
  /** Each line of the section's `sh` blocks, comments removed, in order. */
  commands: string[];
  /** Code blocks whose first line names a file (`// path` or `<!-- path -->`), by that path. */
  files: Record<string, string>;
}

/** The code of a Markdown page's section that starts with `heading` and runs to the next `## `. */
export function readmeSection(readme: string, heading: string): ReadmeSection {
  const start = readme.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`the page has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const commands: string[] = [];
  const files: Record<string, string> = {};
  for (const [, language, code] of text.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    if (language === 'sh') {
      for (const line of code!.split('\n')) {
        const command = line.replace(/\s+#.*$/, '').trim();
        if (command !== '') commands.push(command);
      }
      continue;
    }
    const named = /^(?:\/\/ ?|<!-- ?)([\w./-]+)(?: ?-->)?\n/.exec(code!);
    if (named) files[named[1]!] = code!.slice(named[0].length);
  }
  return { commands, files };
}

/** A long-running command, started when its output first matches `ready`. */
export function startProcess(
  command: string,
  args: string[],
  cwd: string,
  ready: RegExp,
): Promise<{ match: string; stop(): Promise<void> }> {
  const child = spawn(command, args, {
    cwd,
    detached: true,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve({ match: found[0], stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(
        new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready:\n${output}`),
      ),
    );
  });
}
