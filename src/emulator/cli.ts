#!/usr/bin/env node
// react-acs-chat-emulator: run the emulator on a port and print how to connect to it.
//   react-acs-chat-emulator --port 8080 [--host 127.0.0.1] [--https] [--open-identity]
//                           [--people "Ada Lovelace,Grace Hopper"]
//                           [--allow-origin http://localhost:5173 ...] [--admin-key <secret>]
//                           [--seed-users 2 --seed-threads 20 --seed-messages 5]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChatEmulator } from './emulator.ts';
import { isLoopback } from './route-guard.ts';
import type { ChatEmulatorLimits } from './service-limits.ts';
import { createChatEmulatorServer } from './server.ts';

const usage = `Usage: react-acs-chat-emulator [--port 8080] [--host 127.0.0.1] [--https] [--open-identity]
                               [--people "Ada Lovelace,Grace Hopper"]
                               [--allow-origin <origin> ...] [--admin-key <secret>]
                               [--seed-users N] [--seed-threads N] [--seed-messages N]

  --port N          port to listen on (0: any free one); default 8080
  --host H          address to listen on; default 127.0.0.1 (this machine only)
  --https           serve HTTPS with a self-signed certificate (the official SDK needs it)
  --open-identity   accept unsigned Identity API requests, so a browser can get tokens
  --people LIST     comma-separated display names: users, each sharing a thread with the first
  --seed-users N, --seed-threads N, --seed-messages N
                    bulk data: users with tokens, and threads (with messages) shared by them
  --allow-origin O  a page origin (repeatable, or *) that may call the Identity API and the
                    admin routes (/__emulator/*); other origins get 403 there
  --admin-key K     a secret the admin routes then require (x-emulator-key header); without
                    one they answer only this machine
  --limits service  throttle the chat routes as the service's published limits (429, Retry-After)`;

function count(value: string | undefined, name: string): number {
  const parsed = Number(value ?? 0);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      https: { type: 'boolean', default: false },
      'open-identity': { type: 'boolean', default: false },
      people: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'admin-key': { type: 'string' },
      limits: { type: 'string' },
      'seed-users': { type: 'string' },
      'seed-threads': { type: 'string' },
      'seed-messages': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = count(values.port, 'port');
  const people = values.people?.split(',').map((name) => name.trim());
  const adminKey = values['admin-key'];
  const emulator = createChatEmulator({
    identityAuth: values['open-identity'] ? 'open' : 'hmac',
    allowedOrigins: values['allow-origin'] ?? [],
    ...(people ? { people } : {}),
    ...(adminKey === undefined ? {} : { adminKey }),
    ...(values.limits === undefined ? {} : { limits: values.limits as ChatEmulatorLimits }),
  });
  const server = await createChatEmulatorServer({
    port,
    host: values.host,
    https: values.https,
    emulator,
  });
  console.log(`ACS Chat emulator listening on ${server.url}`);
  console.log(`Connection string: ${server.connectionString}`);
  if (adminKey === undefined && !isLoopback(values.host)) {
    console.log('Admin routes (/__emulator/*) answer other machines only with --admin-key.');
  }
  if (server.ca !== undefined) {
    const caFile = join(mkdtempSync(join(tmpdir(), 'acs-chat-emulator-')), 'ca.pem');
    writeFileSync(caFile, server.ca);
    console.log(`Self-signed certificate: ${caFile} (trust it with NODE_EXTRA_CA_CERTS=${caFile})`);
  }
  for (const person of await emulator.people()) {
    console.log(`Person ${person.displayName}: ${person.userId}`);
  }
  const users = count(values['seed-users'], 'seed-users');
  const threads = count(values['seed-threads'], 'seed-threads');
  if (users > 0 || threads > 0) {
    const seeded = await emulator.seed({
      users: Math.max(users, threads > 0 ? 1 : 0),
      threads,
      messagesPerThread: count(values['seed-messages'], 'seed-messages'),
    });
    for (const user of seeded.users) console.log(`User ${user.userId}\n  token: ${user.token}`);
    console.log(`Seeded ${seeded.threadIds.length} threads.`);
  }
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exit(1);
});
