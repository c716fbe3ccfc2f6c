// The ping-pong bot of examples/ against the emulator over real HTTP and sockets: in-process
// through startPingPongBot for what it answers and how it survives a dropped socket, and as a
// user runs it (`node bot.ts` with its environment) for a clean stop: on SIGINT the process exits
// by itself, so the bot left no socket, timer or request behind.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPingPongBot, type PingPongBot } from '../../examples/ping-pong-bot/ping-pong-bot.ts';
import {
  ChatClient,
  CommunicationTokenCredential,
  type ChatThreadClient,
} from '../../src/core/index.ts';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { listenOnLoopback } from '../support/loopback-server.ts';
import { until } from '../core/realtime/support.ts';

let emu: TestEmulator;
const bots: PingPongBot[] = [];
const clients: ChatClient[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  emu.emulator.faults.clear();
  await Promise.all(bots.splice(0).map((bot) => bot.stop()));
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => emu.close());

/** Lines a bot logs, and a wait for the first one that matches. */
function logTap() {
  const lines: string[] = [];
  const waiting = new Set<{ match: (line: string) => boolean; resolve: (line: string) => void }>();
  return {
    lines,
    log(line: string) {
      lines.push(line);
      for (const waiter of waiting) {
        if (waiter.match(line)) {
          waiting.delete(waiter);
          waiter.resolve(line);
        }
      }
    },
    next(match: (line: string) => boolean): Promise<string> {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiting.add({ match, resolve }));
    },
  };
}

function chatAs(user: EmulatorUser): ChatClient {
  const client = new ChatClient(emu.url, new CommunicationTokenCredential(user.token));
  clients.push(client);
  return client;
}

/** A bot user, the bot started as it, and a thread of Ann's that the bot is in. */
async function botInThread() {
  const botUser = await emu.user();
  const ann = await emu.user();
  const tap = logTap();
  const bot = await startPingPongBot({
    endpoint: emu.url,
    // Each call a new token for the bot's user, as a token service would issue.
    tokenRefresher: async () => (await emu.emulator.issueToken(botUser.userId)).token,
    log: tap.log,
  });
  bots.push(bot);
  const { chatThread } = await chatAs(ann).createChatThread(
    { topic: 'ping pong' },
    { participants: [{ id: { communicationUserId: botUser.userId } }] },
  );
  const threadId = chatThread!.id;
  return {
    bot,
    tap,
    threadId,
    ann: chatAs(ann).getChatThreadClient(threadId),
    asBot: chatAs(botUser).getChatThreadClient(threadId),
  };
}

const pongTo = (pingId: string) => (line: string) => line.startsWith(`pong to ${pingId} `);

/** The pings the thread's pongs answer, oldest first. */
async function answeredPings(thread: ChatThreadClient): Promise<string[]> {
  const answered: string[] = [];
  for await (const message of thread.listMessages()) {
    if (message.type === 'text' && message.content?.message === 'pong') {
      answered.unshift(message.metadata?.replyTo ?? '(no replyTo)');
    }
  }
  return answered;
}

describe('the ping-pong bot', () => {
  it('answers "ping" with "pong" in the thread', async () => {
    const { tap, ann } = await botInThread();
    const { id } = await ann.sendMessage({ content: 'ping' });
    await tap.next(pongTo(id));
    expect(await answeredPings(ann)).toEqual([id]);
  });

  it('ignores its own messages and messages that are not "ping"', async () => {
    const { tap, ann, asBot } = await botInThread();
    await asBot.sendMessage({ content: 'ping' });
    await ann.sendMessage({ content: 'hello' });
    await ann.sendMessage({ content: 'ping me later' });
    const { id } = await ann.sendMessage({ content: ' Ping ' });
    // Pongs go out one at a time in the order the messages came: any pong to an earlier message
    // would be in the thread before this one.
    await tap.next(pongTo(id));
    expect(await answeredPings(ann)).toEqual([id]);
  });

  it('answers a ping sent while its socket was down, and the next ones live', async () => {
    const { bot, tap, ann } = await botInThread();
    // The socket goes, and the bot cannot connect again until the test says so.
    const refuse = ['/v4/a', '/**/v4/a', '/socket.io/**'].map((path) =>
      emu.emulator.faults.add({ path, status: 503 }),
    );
    const dropped = await fetch(`${emu.url}/__emulator/realtime/drop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: bot.userId }),
    });
    expect(await dropped.json()).toEqual({ dropped: 1 });
    await tap.next((line) => line.startsWith('disconnected: '));
    const hits = () => emu.emulator.faults.list().reduce((sum, rule) => sum + rule.hits, 0);
    // It tried to connect again and was refused: it is not connected now.
    await until(() => hits() > 0);
    const missed = await ann.sendMessage({ content: 'ping' });
    for (const rule of refuse) emu.emulator.faults.remove(rule.id);
    await tap.next(pongTo(missed.id));
    const live = await ann.sendMessage({ content: 'ping' });
    await tap.next(pongTo(live.id));
    expect(await answeredPings(ann)).toEqual([missed.id, live.id]);
  });

  it('stop() closes its socket and unregisters before it resolves', async () => {
    const { bot } = await botInThread();
    expect(emu.emulator.realtime.connectionCount(bot.userId)).toBe(1);
    await bot.stop();
    expect(bot.state).toBe('stopped');
    expect(
      emu.emulator.requests.some((r) => r.method === 'DELETE' && r.url.includes('/registrations/')),
    ).toBe(true);
    // The emulator hears the close after the client sends it.
    await until(() => emu.emulator.realtime.connectionCount(bot.userId) === 0);
  });

  it('runs as `node bot.ts` from its environment, and exits by itself on SIGINT', async () => {
    const botUser = await emu.user();
    const ann = await emu.user();
    // The bot's token service: every GET a fresh token for the bot's user.
    const tokens = await listenOnLoopback(
      createServer((_request, response) => {
        void emu.emulator.issueToken(botUser.userId).then(({ token }) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ token }));
        });
      }),
    );
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          fileURLToPath(new URL('package-from-source.ts', import.meta.url)),
          fileURLToPath(new URL('../../examples/ping-pong-bot/bot.ts', import.meta.url)),
        ],
        {
          env: { ...process.env, ACS_ENDPOINT: emu.url, ACS_TOKEN_URL: tokens.url },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const output = logTap();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
      let pending = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (pending + String(chunk)).split('\n');
        pending = lines.pop()!;
        for (const line of lines) output.log(line);
      });
      const started = await Promise.race([
        output.next((line) => line.startsWith('answering pings as ')),
        exited.then((code) => `exited with ${code}: ${stderr}`),
      ]);
      expect(started).toBe(`answering pings as ${botUser.userId}`);
      const { chatThread } = await chatAs(ann).createChatThread(
        { topic: 'ping pong' },
        { participants: [{ id: { communicationUserId: botUser.userId } }] },
      );
      const thread = chatAs(ann).getChatThreadClient(chatThread!.id);
      const { id } = await thread.sendMessage({ content: 'ping' });
      await output.next(pongTo(id));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output.lines.slice(-2)).toEqual(['stopped', 'done']);
      expect(stderr).toBe('');
    } finally {
      await tokens.close();
    }
  });
});
