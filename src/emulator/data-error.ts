// EmulatorDataError: a data directory the emulator cannot use, with the file and the reason. Thrown
// by createChatEmulator({ dataDir }) before it serves anything, never answered as an HTTP error.

export type EmulatorDataProblem =
  /** The file's format version is not one this emulator reads (`version`). */
  | 'unknown-version'
  /** The file is not an emulator data file (not SQLite, or another program's tables). */
  | 'not-emulator-data'
  /** Another emulator (process `pid`) holds the directory's lock. */
  | 'locked'
  /** The data was made for another resource than the `resourceId` option names. */
  | 'other-resource'
  /** This runtime cannot keep data: it needs Node with node:sqlite (22.13 or later). */
  | 'unsupported';

export class EmulatorDataError extends Error {
  override readonly name = 'EmulatorDataError';
  readonly problem: EmulatorDataProblem;
  /** The file concerned: the database, or the lock file. */
  readonly file: string;
  /** The format version found, for 'unknown-version'. */
  readonly version?: number;
  /** The process holding the lock, for 'locked'. */
  readonly pid?: number;

  constructor(
    problem: EmulatorDataProblem,
    file: string,
    message: string,
    details: { version?: number; pid?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.problem = problem;
    this.file = file;
    if (details.version !== undefined) this.version = details.version;
    if (details.pid !== undefined) this.pid = details.pid;
  }
}

/** True for an EmulatorDataError, also one from another copy of this module. */
export function isEmulatorDataError(error: unknown): error is EmulatorDataError {
  return error instanceof Error && error.name === 'EmulatorDataError' && 'problem' in error;
}
