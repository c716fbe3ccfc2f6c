// jose and selfsigned are optional peer dependencies: only the emulator uses them, so an app that
// imports react-acs-chat (or /core) installs neither. The emulator loads each on first use and, if it
// is missing, says how to install it, as Vite does for its CSS preprocessors.

/** An optional peer dependency the emulator needs is not installed. */
export class MissingPeerDependencyError extends Error {
  readonly packageName: string;

  constructor(packageName: string, purpose: string, cause: unknown) {
    super(
      `react-acs-chat/emulator needs the package '${packageName}' ${purpose}: ` +
        `install it with \`npm install --save-dev ${packageName}\`.`,
      { cause },
    );
    this.name = 'MissingPeerDependencyError';
    this.packageName = packageName;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** A loader for `packageName` that imports it once and turns "not installed" into a clear error. */
export function optionalPeer<T>(
  packageName: string,
  purpose: string,
  load: () => Promise<T>,
): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw isModuleNotFound(error)
        ? new MissingPeerDependencyError(packageName, purpose, error)
        : error;
    }));
}
