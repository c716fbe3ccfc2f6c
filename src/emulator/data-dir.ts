// A data directory: the store kept on disk, so an emulator can stop and start again with its users,
// threads, messages, receipts, idempotency records and token signing key. One SQLite file
// (node:sqlite, WAL) written through: each store mutation is one transaction, committed before the
// mutation returns, so before the client hears of it; reads stay in memory, all loaded on start. A
// lock file with the owner's pid keeps a second emulator out. Node modules are taken when a
// directory is opened (process.getBuiltinModule), never imported: the Fetch handler also runs in
// browsers.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { EmulatorDataError } from './data-error.ts';
import type { EmulatorPerson } from './people.ts';
import type {
  MessageRecord,
  ParticipantRecord,
  ReadReceiptRecord,
  RepeatRecord,
  StoreChange,
  StoreContents,
  StoreJournal,
  ThreadRecord,
  UserRecord,
} from './store.ts';
import type { StoredSigningKey } from './tokens.ts';

/** The format this emulator writes and reads, in the file's `PRAGMA user_version`. */
export const dataFormatVersion = 1;
export const dataFileName = 'emulator.sqlite';
export const lockFileName = 'emulator.lock';

const schema = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE users (id TEXT PRIMARY KEY, record TEXT NOT NULL) STRICT;
  CREATE TABLE threads (id TEXT PRIMARY KEY, record TEXT NOT NULL) STRICT;
  CREATE TABLE messages (
    thread_id TEXT NOT NULL,
    sequence_id INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (thread_id, sequence_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE repeats (key TEXT PRIMARY KEY, record TEXT NOT NULL) STRICT;
  PRAGMA user_version = ${dataFormatVersion};
`;

/** A thread as stored: its maps as entry lists, without messages (a table of their own) or typing. */
interface StoredThread extends Omit<
  ThreadRecord,
  'participants' | 'formerParticipants' | 'messages' | 'readReceipts' | 'typing'
> {
  participants: Array<[string, ParticipantRecord]>;
  formerParticipants?: string[];
  readReceipts?: Array<[string, ReadReceiptRecord]>;
}

function storedThread(thread: ThreadRecord): StoredThread {
  const {
    participants,
    formerParticipants,
    messages: _messages,
    readReceipts,
    typing: _typing,
    ...fields
  } = thread;
  const stored: StoredThread = { ...fields, participants: [...participants] };
  if (formerParticipants !== undefined) stored.formerParticipants = [...formerParticipants];
  if (readReceipts !== undefined) stored.readReceipts = [...readReceipts];
  return stored;
}

function threadRecord(stored: StoredThread): ThreadRecord {
  const { participants, formerParticipants, readReceipts, ...fields } = stored;
  const thread: ThreadRecord = { ...fields, participants: new Map(participants), messages: [] };
  if (formerParticipants !== undefined) thread.formerParticipants = new Set(formerParticipants);
  if (readReceipts !== undefined) thread.readReceipts = new Map(readReceipts);
  return thread;
}

type Fs = typeof import('node:fs');

function builtin<T>(id: string, file: string): T {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  const found = get?.(id) as T | undefined;
  if (found === undefined) {
    throw new EmulatorDataError(
      'unsupported',
      file,
      `A data directory needs Node.js 22.13 or later (${id}); this runtime has none.`,
    );
  }
  return found;
}

/**
 * node:sqlite, without the ExperimentalWarning some Node versions print when it is first loaded:
 * only that warning is held back, and only during the load.
 */
function sqlite(file: string): typeof import('node:sqlite') {
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    const first = rest[0];
    const type =
      typeof first === 'string'
        ? first
        : ((first as { type?: string } | undefined)?.type ??
          (typeof warning === 'string' ? undefined : warning.name));
    if (type === 'ExperimentalWarning' && /sqlite/i.test(text)) return;
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return builtin('node:sqlite', file);
  } finally {
    process.emitWarning = emit;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the directory's lock: a file holding the owner's pid, made whole in one step (written
 * aside, then linked in place). A lock whose process is gone is taken over; a live one refuses.
 * Returns the release.
 */
function lock(fs: Fs, file: string): () => void {
  const mine = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(mine, `${process.pid}\n`);
  try {
    for (;;) {
      try {
        fs.linkSync(mine, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let holder: number;
      try {
        holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      } catch {
        continue; // released meanwhile: try again
      }
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        const who = holder === process.pid ? 'this process' : `process ${holder}`;
        throw new EmulatorDataError(
          'locked',
          file,
          `The data directory is in use by ${who} (lock file ${file}). Stop that emulator, or ` +
            'give this one another directory.',
          { pid: holder },
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
  return () => {
    try {
      if (Number.parseInt(fs.readFileSync(file, 'utf8'), 10) === process.pid) fs.rmSync(file);
    } catch {
      // Gone already.
    }
  };
}

export interface DataDir {
  readonly resourceId: string;
  readonly file: string;
  readonly journal: StoreJournal;
  /** What the directory holds, read once at start. */
  contents(): StoreContents;
  readonly signingKey: {
    load(): StoredSigningKey | undefined;
    save(key: StoredSigningKey): void;
  };
  readonly people: {
    load(): EmulatorPerson[] | undefined;
    save(people: EmulatorPerson[]): void;
  };
  /** Closes the database and releases the lock. */
  close(): void;
}

function open(sqliteModule: typeof import('node:sqlite'), file: string): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new sqliteModule.DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL');
    // NORMAL in WAL mode: a commit is in the log before the call returns, so it survives the
    // process being killed at any point; only a power cut may lose the latest commits.
    db.exec('PRAGMA synchronous = NORMAL');
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    if (version === 0) {
      const { count } = db.prepare('SELECT count(*) AS count FROM sqlite_master').get() as {
        count: number;
      };
      if (count > 0) {
        throw new EmulatorDataError(
          'not-emulator-data',
          file,
          `${file} holds tables but no emulator data format version: it is not emulator data.`,
        );
      }
      db.exec(`BEGIN; ${schema} COMMIT;`);
    } else if (version !== dataFormatVersion) {
      throw new EmulatorDataError(
        'unknown-version',
        file,
        `${file} is in data format version ${version}; this emulator reads version ` +
          `${dataFormatVersion}. Use the emulator that wrote it, or another directory.`,
        { version },
      );
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof EmulatorDataError) throw error;
    throw new EmulatorDataError(
      'not-emulator-data',
      file,
      `${file} cannot be read as emulator data: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Opens (or makes) a data directory; throws EmulatorDataError when it cannot be used. */
export function openDataDir(dir: string, options: { resourceId: () => string; given?: string }) {
  const fs = builtin<Fs>('node:fs', dir);
  const path = builtin<typeof import('node:path')>('node:path', dir);
  const file = path.resolve(dir, dataFileName);
  const sqliteModule = sqlite(file);
  fs.mkdirSync(dir, { recursive: true });
  const release = lock(fs, path.resolve(dir, lockFileName));
  let db: DatabaseSync;
  try {
    db = open(sqliteModule, file);
  } catch (error) {
    release();
    throw error;
  }

  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const meta = <T>(key: string): T | undefined => {
    const row = getMeta.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  };
  const saveMeta = (key: string, value: unknown) => setMeta.run(key, JSON.stringify(value));

  let resourceId = meta<string>('resourceId');
  if (resourceId !== undefined && options.given !== undefined && options.given !== resourceId) {
    db.close();
    release();
    throw new EmulatorDataError(
      'other-resource',
      file,
      `${file} holds the data of resource ${resourceId}, not ${options.given}.`,
    );
  }
  if (resourceId === undefined) {
    resourceId = options.given ?? options.resourceId();
    saveMeta('resourceId', resourceId);
  }

  const statements: Record<'user' | 'thread' | 'message' | 'repeat', StatementSync> = {
    user: db.prepare('INSERT OR REPLACE INTO users (id, record) VALUES (?, ?)'),
    thread: db.prepare('INSERT OR REPLACE INTO threads (id, record) VALUES (?, ?)'),
    message: db.prepare(
      'INSERT OR REPLACE INTO messages (thread_id, sequence_id, record) VALUES (?, ?, ?)',
    ),
    repeat: db.prepare('INSERT OR REPLACE INTO repeats (key, record) VALUES (?, ?)'),
  };
  const transaction = (work: () => void) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  const journal: StoreJournal = {
    write(change: StoreChange) {
      transaction(() => {
        for (const user of change.users) statements.user.run(user.id, JSON.stringify(user));
        for (const thread of change.threads) {
          statements.thread.run(thread.id, JSON.stringify(storedThread(thread)));
        }
        for (const { threadId, message } of change.messages) {
          statements.message.run(threadId, message.sequenceId, JSON.stringify(message));
        }
        for (const { key, repeat } of change.repeats) {
          statements.repeat.run(key, JSON.stringify(repeat));
        }
      });
    },
    clear() {
      transaction(() => {
        db.exec(
          "DELETE FROM users; DELETE FROM threads; DELETE FROM messages; DELETE FROM repeats; DELETE FROM meta WHERE key = 'people';",
        );
      });
    },
  };

  function contents(): StoreContents {
    const users: UserRecord[] = [];
    for (const row of db.prepare('SELECT record FROM users').iterate()) {
      users.push(JSON.parse((row as { record: string }).record) as UserRecord);
    }
    const threads = new Map<string, ThreadRecord>();
    for (const row of db.prepare('SELECT record FROM threads').iterate()) {
      const thread = threadRecord(JSON.parse((row as { record: string }).record) as StoredThread);
      threads.set(thread.id, thread);
    }
    const messages = db.prepare(
      'SELECT thread_id, record FROM messages ORDER BY thread_id, sequence_id',
    );
    for (const row of messages.iterate()) {
      const { thread_id: threadId, record } = row as { thread_id: string; record: string };
      threads.get(threadId)?.messages.push(JSON.parse(record) as MessageRecord);
    }
    const repeats: Array<{ key: string; repeat: RepeatRecord }> = [];
    for (const row of db.prepare('SELECT key, record FROM repeats').iterate()) {
      const { key, record } = row as { key: string; record: string };
      repeats.push({ key, repeat: JSON.parse(record) as RepeatRecord });
    }
    return { users, threads: threads.values(), repeats };
  }

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off('exit', close);
    db.close();
    release();
  };
  // A process that exits without closing still leaves no lock behind (a killed one does: the next
  // start sees its pid is gone and takes the lock over).
  process.on('exit', close);

  const dataDir: DataDir = {
    resourceId,
    file,
    journal,
    contents,
    signingKey: {
      load: () => meta<StoredSigningKey>('signingKey'),
      save: (key) => saveMeta('signingKey', key),
    },
    people: {
      load: () => meta<EmulatorPerson[]>('people'),
      save: (people) => saveMeta('people', people),
    },
    close,
  };
  return dataDir;
}
