// The route table's types and matcher. Paths are matched below the endpoint (after any mount
// prefix), still percent-encoded; captures are decoded, so thread ids work encoded or not.
import type { RequestBody } from './request-body.ts';
import { ServiceError } from './errors.ts';

export interface RequestContext {
  request: Request;
  url: URL;
  /** The path below the endpoint: mount prefix removed, still percent-encoded. */
  path: string;
  /** Origin plus mount prefix: what Location and nextLink start with. */
  base: string;
  body: RequestBody;
  now: number;
  /** Decoded captures of the matched route's pattern. */
  params: string[];
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(context: RequestContext): Promise<Response>;
}

/** The route for a request, a 405 if only the method is wrong, or undefined when none matches. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: string[] } | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    let params: string[];
    try {
      params = match.slice(1).map((part) => decodeURIComponent(part));
    } catch {
      throw new ServiceError(400, 'BadRequest', 'The request path is not valid.');
    }
    return { route, params };
  }
  if (pathMatched) {
    throw new ServiceError(405, 'MethodNotAllowed', `The method ${method} is not allowed here.`);
  }
  return undefined;
}
