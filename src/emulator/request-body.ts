// Reading a request body once, with a size cap, and parsing it as JSON the way the service does:
// oversize -> 413, a non-JSON media type -> 415, malformed JSON or a non-object -> 400.
import { badRequest, ServiceError } from './errors.ts';

/** Bodies above 1 MiB are refused before parsing (the service's gateway limit is of that order). */
export const maxBodyBytes = 1024 * 1024;

export interface RequestBody {
  text: string;
  /** More than maxBodyBytes arrived; `text` holds only the first part. */
  tooLarge: boolean;
}

export async function readBody(request: Request, limit = maxBodyBytes): Promise<RequestBody> {
  if (request.body === null) return { text: '', tooLarge: false };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      tooLarge = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, limit + 1));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.length) break;
  }
  return { text: new TextDecoder().decode(bytes), tooLarge };
}

export function assertBodySize(body: RequestBody): void {
  if (body.tooLarge) {
    throw new ServiceError(
      413,
      'RequestEntityTooLarge',
      `The request body exceeds the limit of ${maxBodyBytes} bytes.`,
    );
  }
}

const isJsonMediaType = (contentType: string) =>
  /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType.trim());

/**
 * The body as a JSON object. An empty body is `{}` when `optional`, else a 400. A missing
 * content-type is tolerated; a non-JSON one is a 415.
 */
export function jsonObject(
  context: { body: RequestBody; request: Request },
  options: { optional?: boolean } = {},
): Record<string, unknown> {
  const { body } = context;
  const contentType = context.request.headers.get('content-type');
  assertBodySize(body);
  if (body.text.trim() === '') {
    if (options.optional) return {};
    throw badRequest('The request body is required.', 'body');
  }
  if (contentType !== null && contentType !== '' && !isJsonMediaType(contentType)) {
    throw new ServiceError(
      415,
      'UnsupportedMediaType',
      `Unsupported content type '${contentType}'.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    throw badRequest('The request body is not valid JSON.', 'body');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('The request body must be a JSON object.', 'body');
  }
  return value as Record<string, unknown>;
}
