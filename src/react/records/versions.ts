// Which of two copies of a message or thread is newer. The service gives each a `version`, a
// numeric string that grows with every change (an edit, a deletion, a new topic); events and
// listings may arrive in any order, so the copy with the larger version is the one to keep.
const digits = /^\d+$/;

/**
 * Negative when `version` is older than `than`, 0 when the same, positive when newer; undefined
 * when either is not a version (e.g. `''`, a message sent from here not yet read back).
 */
export function compareVersions(
  version: string | undefined,
  than: string | undefined,
): number | undefined {
  if (version === undefined || than === undefined) return undefined;
  return digits.test(version) && digits.test(than) ? Number(version) - Number(than) : undefined;
}
