#!/usr/bin/env node
// react-acs-chat-emulator: run the emulator on a port and print how to connect to it and where its
// data lives. Its flags are in cli-flags.ts (`--help` lists them).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFlags, usage } from './cli-flags.ts';
import { dataFileName } from './data-dir.ts';
import { isEmulatorDataError } from './data-error.ts';
import { createChatEmulator } from './emulator.ts';
import { isLoopback } from './route-guard.ts';
import type { ChatEmulatorLimits } from './service-limits.ts';
import { createChatEmulatorServer } from './server.ts';

/** Files the CLI wrote, deleted when it stops. */
const written: string[] = [];
const removeWritten = () => {
  for (const path of written.splice(0)) rmSync(path, { recursive: true, force: true });
};
process.on('exit', removeWritten);

function count(value: string | undefined, name: string): number {
  const parsed = Number(value ?? 0);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number`);
  return parsed;
}

async function main(): Promise<void> {
  const values = parseFlags(process.argv.slice(2));
  if (values.help) {
    console.log(usage());
    return;
  }
  const port = count(values.port, 'port');
  const people = values.people?.split(',').map((name) => name.trim());
  const adminKey = values['admin-key'];
  const dataDir = values['data-dir'] === undefined ? undefined : resolve(values['data-dir']);
  const newData = dataDir === undefined || !existsSync(join(dataDir, dataFileName));
  const emulator = createChatEmulator({
    identityAuth: values['open-identity'] ? 'open' : 'hmac',
    allowedOrigins: values['allow-origin'] ?? [],
    ...(people ? { people } : {}),
    ...(adminKey === undefined ? {} : { adminKey }),
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(values.limits === undefined ? {} : { limits: values.limits as ChatEmulatorLimits }),
  });
  const server = await createChatEmulatorServer({
    port,
    host: values.host,
    https: values.https,
    emulator,
  }).catch((error: unknown) => {
    emulator.close();
    throw error;
  });
  // Stopped cleanly from the first line it prints: what it writes (the certificate) goes with it.
  const stop = () => {
    server.close().then(
      () => {
        emulator.close();
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`ACS Chat emulator listening on ${server.url}`);
  console.log(`Connection string: ${server.connectionString}`);
  console.log(
    emulator.dataFile === undefined
      ? 'Data: in memory, gone when it stops (keep it with --data-dir DIR)'
      : `Data: ${emulator.dataFile} (${newData ? 'new' : `kept, ${emulator.threadCount()} threads`})`,
  );
  if (adminKey === undefined && !isLoopback(values.host)) {
    console.log('Admin routes (/__emulator/*) answer other machines only with --admin-key.');
  }
  if (server.ca !== undefined) {
    const caDir = mkdtempSync(join(tmpdir(), 'acs-chat-emulator-'));
    written.push(caDir);
    const caFile = join(caDir, 'ca.pem');
    writeFileSync(caFile, server.ca);
    console.log(`Self-signed certificate: ${caFile} (trust it with NODE_EXTRA_CA_CERTS=${caFile})`);
  }
  for (const person of await emulator.people()) {
    console.log(`Person ${person.displayName}: ${person.userId}`);
  }
  const users = count(values['seed-users'], 'seed-users');
  const threads = count(values['seed-threads'], 'seed-threads');
  if ((users > 0 || threads > 0) && !newData) {
    console.log('Seed skipped: the data directory has data already.');
  } else if (users > 0 || threads > 0) {
    const seeded = await emulator.seed({
      users: Math.max(users, threads > 0 ? 1 : 0),
      threads,
      messagesPerThread: count(values['seed-messages'], 'seed-messages'),
    });
    for (const user of seeded.users) console.log(`User ${user.userId}\n  token: ${user.token}`);
    console.log(`Seeded ${seeded.threadIds.length} threads.`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // A data directory it cannot use is not a usage mistake.
  if (!isEmulatorDataError(error)) console.error(usage());
  process.exit(1);
});
