// `storybook dev`, what `npm start` runs, for the e2e test and the render bench: on a free loopback
// port, ready once it serves the preview, stopped with the Vite server it runs.
//
//   const storybook = await startStorybook({ signal });   // signal: stop waiting (and stop it)
//   await page.goto(`${storybook.url}/iframe.html?id=...`);
//   await storybook.stop();
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dispatcher = fileURLToPath(
  new URL('../../node_modules/storybook/dist/bin/dispatcher.js', import.meta.url),
);

/** What a failure's message quotes of storybook's output: its last characters. */
const keptOutput = 8000;
/** How long a stopped server may take to exit before it is killed. */
const exitGraceMs = 5000;
/** Between two asks of a server that is not serving yet. */
const pollMs = 250;

/** Storybook would not start, or stopped before it served the stories. */
export class StorybookStartError extends Error {
  override readonly name = 'StorybookStartError';
}

export interface StorybookDev {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  readonly url: string;
  /** The end of what it printed, for a failure's message. */
  output(): string;
  /** Stops it and the processes it started; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface StartStorybookOptions {
  /** Aborting stops waiting, and stops the server. Nothing else bounds the wait. */
  signal?: AbortSignal;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function serves(url: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const response = await fetch(url, { signal });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false; // not listening yet, or aborted: the caller looks at the signal
  }
}

/** Starts `storybook dev` (the demo on the emulator) and resolves once it serves iframe.html. */
export async function startStorybook(options: StartStorybookOptions = {}): Promise<StorybookDev> {
  const { signal } = options;
  signal?.throwIfAborted();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // `npm start` is `storybook dev -p 6006 --ci`: the same on a free port (--exact-port: fail rather
  // than move), without update checks or telemetry. An empty STORYBOOK_ACS_ENDPOINT keeps the demo
  // on its emulator whatever the shell has set.
  const child = spawn(
    process.execPath,
    [
      dispatcher,
      'dev',
      '--ci',
      '--quiet',
      '--no-version-updates',
      '--exact-port',
      '--host',
      '127.0.0.1',
      '-p',
      String(port),
    ],
    {
      cwd: root,
      // Its own process group, so stopping it also stops the Vite server it runs.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STORYBOOK_ACS_ENDPOINT: '', STORYBOOK_DISABLE_TELEMETRY: '1' },
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-keptOutput));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const running = () => spawnError === undefined && child.exitCode === null && !child.signalCode;

  const signalGroup = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name); // the group we started, and only it
    } catch {
      // Already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!running()) return;
      signalGroup('SIGTERM');
      let grace: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>(
        (resolve) => (grace = setTimeout(resolve, exitGraceMs, 'late')),
      );
      if ((await Promise.race([exited, late])) === 'late') {
        signalGroup('SIGKILL');
        await exited;
      }
      clearTimeout(grace);
    })());

  const onAbort = () => void stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!(await serves(`${url}/iframe.html`, signal))) {
      if (signal?.aborted) {
        throw new StorybookStartError(
          `storybook dev was stopped before it served ${url} (${String(signal.reason)}); ` +
            `its output ends:\n${output}`,
          { cause: signal.reason },
        );
      }
      if (!running()) {
        throw new StorybookStartError(
          `storybook dev ${spawnError ? `could not start (${spawnError.message})` : `exited (${child.exitCode ?? child.signalCode})`} ` +
            `before it served ${url}. Run \`npm start\` to see it fail on its own; its output ends:\n${output}`,
          { cause: spawnError },
        );
      }
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (wait = setTimeout(resolve, pollMs)))]);
      clearTimeout(wait);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { url, output: () => output, stop };
}
