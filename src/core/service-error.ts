// Turns whatever the service sent back into a ChatError. Error bodies come in three shapes across
// service versions ({ error: {...} }, { Code, Message }, { CommunicationError: {...} }); keys are
// matched case-insensitively.
import { ChatError } from './chat-error.ts';
import type { ChatErrorDetail } from './models.ts';

type Loose = Record<string, unknown>;

function get(object: Loose, key: string): unknown {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(object))
    if (name.toLowerCase() === wanted) return value;
  return undefined;
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// The service nests a few levels at most; deeper levels of a hostile body are dropped, so reading
// it can never exhaust the stack.
const maxErrorDepth = 8;

export function parseErrorDetail(value: unknown, depth = 0): ChatErrorDetail | undefined {
  if (!isObject(value) || depth > maxErrorDepth) return undefined;
  const code = str(get(value, 'code'));
  const message = str(get(value, 'message'));
  if (code === undefined && message === undefined) return undefined;
  const details = get(value, 'details');
  const inner = parseErrorDetail(get(value, 'innererror') ?? get(value, 'innerError'), depth + 1);
  return {
    code: code ?? 'Unknown',
    message: message ?? '',
    target: str(get(value, 'target')),
    details: Array.isArray(details)
      ? details.map((d) => parseErrorDetail(d, depth + 1)).filter((d) => d !== undefined)
      : undefined,
    innerError: inner,
  };
}

/** The error a body carries, if it is an error body at all. */
export function errorFromBody(body: unknown): ChatErrorDetail | undefined {
  if (!isObject(body)) return undefined;
  const wrapped = get(body, 'error') ?? get(body, 'CommunicationError');
  return parseErrorDetail(wrapped) ?? parseErrorDetail(body);
}

/** The code an error body names in one of ACS's shapes; undefined for any other body. */
function serviceCode(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const wrapped = get(body, 'error') ?? get(body, 'CommunicationError');
  return str(get(isObject(wrapped) ? wrapped : body, 'code'));
}

const statusCodes: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const hints: Record<number, string> = {
  401: 'Check that the access token is current and was issued by this resource.',
  403: 'The user is not allowed to do this; is the user a participant of the thread?',
  404: 'Check the id: the thread or message does not exist, or the user cannot see it.',
  429: 'The service is throttling; the request was retried and still refused. Slow down.',
};

function endpointHint(url: string): string {
  const { origin, pathname } = new URL(url);
  return `The endpoint may be wrong: ${origin}${pathname} answered 404 without ACS's error body; check it includes any path prefix (the emulator in Vite: /acs).`;
}

export function requestIdOf(headers: Headers): string | undefined {
  return (
    headers.get('ms-cv') ??
    headers.get('x-ms-request-id') ??
    headers.get('x-ms-client-request-id') ??
    undefined
  );
}

/**
 * Why a request failed with `status`, from what was answered at `url`. A 404 whose body is not
 * ACS's (none, a web server's page, another API's JSON) did not come from the Chat service: the
 * endpoint is wrong, so "check the id" would send the reader the wrong way.
 */
export function serviceError(
  status: number,
  headers: Headers,
  body: unknown,
  operation: string,
  url?: string,
): ChatError {
  const detail = errorFromBody(body);
  // A body that names no code gets the status's name, not 'Unknown'.
  const code = serviceCode(body) ?? statusCodes[status] ?? `HttpStatus${status}`;
  // The service's own message usually ends its sentence; don't end it twice.
  const said = detail?.message ? `: ${detail.message.replace(/[.\s]+$/, '')}` : '';
  const wrongEndpoint = status === 404 && url !== undefined && serviceCode(body) === undefined;
  const hint = wrongEndpoint ? endpointHint(url) : hints[status];
  return new ChatError(
    `${operation} failed with ${status} ${code}${said}.${hint ? ` ${hint}` : ''}`,
    {
      code,
      statusCode: status,
      target: detail?.target,
      details: detail?.details,
      innerError: detail?.innerError,
      requestId: requestIdOf(headers),
    },
  );
}

export function invalidResponse(
  operation: string,
  problem: string,
  status?: number,
  headers?: Headers,
): ChatError {
  return new ChatError(
    `${operation}: the service sent a response this client cannot read (${problem}).`,
    {
      code: 'InvalidResponse',
      statusCode: status,
      requestId: headers ? requestIdOf(headers) : undefined,
    },
  );
}
