// Every call carries `?api-version=`. Chat accepts the stable versions up to the one this emulator
// implements; identity (served only so tests and demos can get tokens) accepts any.
import { ServiceError } from './errors.ts';

export const chatApiVersions = [
  '2021-03-07',
  '2021-09-07',
  '2023-11-07',
  '2024-03-07',
  '2025-03-15',
];
export const latestChatApiVersion = '2025-03-15';

function requireApiVersion(url: URL): string {
  const version = url.searchParams.get('api-version');
  if (version === null || version.trim() === '') {
    throw new ServiceError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
      { target: 'api-version' },
    );
  }
  return version;
}

export function chatApiVersion(url: URL): string {
  const version = requireApiVersion(url);
  if (!chatApiVersions.includes(version)) {
    throw new ServiceError(
      400,
      'UnsupportedApiVersion',
      `The HTTP resource does not support the API version '${version}'. Supported versions: ${chatApiVersions.join(', ')}.`,
      { target: 'api-version' },
    );
  }
  return version;
}

export const identityApiVersion = requireApiVersion;

/** Identifiers carry `kind` from 2023-11-07 on; older versions answered without it. */
export const hasIdentifierKind = (version: string) => version >= '2023-11-07';
