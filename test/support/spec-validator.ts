// Checks HTTP exchanges against the official ACS Chat spec (Swagger 2.0, api-version 2025-03-15) in
// test/support/acs-chat-spec: the operation (method + path template), status codes, JSON bodies against
// the schemas (required fields, types, enums, formats such as date-time), content types and the
// headers the spec names. It reads the spec files as they are and turns each definition into JSON
// Schema 2020-12 for Ajv, resolving $refs across the Chat and Common files.
//
// Decisions (each is visible in the unit test, test/conformance/spec-validator.test.ts):
// - Unknown properties. The spec never sets additionalProperties, so by JSON Schema it allows extra
//   fields, and the real service does send some (a created thread came back with messagingPolicy).
//   `strictProperties` (default true) still rejects them, in requests and responses: the emulator and
//   our client are ours, and a field the spec does not declare is one a client could come to depend on
//   (or a server could reject). `strictProperties: false` is the spec's own reading. Metadata maps
//   (additionalProperties: string) are open either way.
// - Enums marked x-ms-enum modelAsString are open for clients, but are checked as closed here: the
//   emulator and our client must only send values the spec lists.
// - Statuses the spec does not list but the service gives (design.md): 400 and 404 for every
//   operation. Also allowed, with the spec's error body: 405 (wrong method), 413 (body too large), 415
//   (not JSON) and 500 (injected faults; the spec models server trouble only as 503). Any other status,
//   and any success status other than the operation's own, is a violation. The spec has no `default`
//   responses; its errors are marked x-ms-error-response and use CommunicationErrorResponse.
// - Descriptions the schemas do not encode are enforced: identifiers in responses carry `rawId` and
//   `kind` ("Optional in requests, required in responses"; `kind` only from api-version 2023-11-07,
//   the version that added it), and at most one nested model, matching `kind`. readOnly properties must
//   not be sent in requests. The 201s of create thread and send message carry a Location header
//   pointing at the new resource.
// - Merge-patch bodies (PATCH, application/merge-patch+json) may set any member to null: RFC 7396's
//   "remove". Nulls are dropped before the schema check.
// - From design.md's facts: requests carry `Authorization: Bearer <token>`; a nextLink is an absolute
//   URL on the request's origin, for the same operation, carrying api-version. A request that follows
//   a nextLink the server gave is the server's URL: its query (syncState, .NET-style startTime) is not
//   checked against the spec's parameters.
// - api-version must be the spec's version: this spec describes only 2025-03-15. Responses to other
//   (older) versions are still checked, except that identifiers may lack `kind` before 2023-11-07.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** A request as seen on the wire. Header names are lowercase. */
export interface HttpRequestData {
  method: string;
  /** The absolute URL as received. */
  url: string;
  /** The path below the endpoint (mount prefix removed), percent-encoded. Default: the URL's path. */
  path?: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponseData {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SpecValidatorOptions {
  /** Reject properties the spec does not declare. Default true (see the note at the top). */
  strictProperties?: boolean;
  /** Where the spec lives. Default: the copy in test/support/acs-chat-spec. */
  specDirectory?: string;
}

export interface RequestCheckOptions {
  /** The request follows a nextLink the server gave: its query string is the server's. */
  fromNextLink?: boolean;
}

export interface OperationMatch {
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

export interface SpecValidator {
  /** info.version of the spec, e.g. '2025-03-15'. */
  readonly apiVersion: string;
  /** The operation a method and path (below the endpoint) name, if any. */
  findOperation(method: string, path: string): OperationMatch | undefined;
  /** Problems with a request, as readable sentences; empty when it conforms. */
  validateRequest(request: HttpRequestData, options?: RequestCheckOptions): string[];
  /** Problems with the response to `request`; empty when it conforms. */
  validateResponse(request: HttpRequestData, response: HttpResponseData): string[];
  /** The nextLink of a conforming list response, to recognise requests that follow it. */
  nextLinkOf(response: HttpResponseData): string | undefined;
}

/**
 * Statuses the spec does not list that an operation may still answer, each with the spec's error
 * body. Exported so the list is in one place and a test can show it.
 */
export const allowedExtraStatuses: Readonly<Record<number, string>> = {
  400: 'the service rejects bad input with 400 though the spec lists no 400 (design.md)',
  404: 'a missing thread or message is a 404 though the spec lists no 404 (design.md)',
  405: 'a method the path does not have (gateway behaviour)',
  413: 'a body over the size limit (gateway behaviour)',
  415: 'a body that is not JSON (gateway behaviour)',
  500: 'injected faults; the spec models server trouble only as 503',
};

/**
 * Paths that are not the Chat API: the emulator's admin routes, the Identity API (another spec) and
 * the real-time channel (configuration, trouter, registrar, socket; in no published spec).
 */
export function isOutsideChatSpec(path: string): boolean {
  return (
    path.startsWith('/__emulator/') ||
    path === '/identities' ||
    path.startsWith('/identities/') ||
    path.startsWith('/chat/config/') ||
    /^\/(trouter|registrar|socket\.io|v4)\//.test(path)
  );
}

const defaultSpecDirectory = () =>
  resolve(dirname(fileURLToPath(import.meta.url)), 'acs-chat-spec');

const chatSpecFile = 'Chat/stable/2025-03-15/communicationserviceschat.json';

type Variant = 'request' | 'response' | 'legacy-response';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  required: boolean;
  type?: string;
  format?: string;
  /** For body parameters: the Swagger schema (a $ref into the Chat file). */
  schemaRef?: Json;
}

interface ResponseSpec {
  /** x-ms-error-response: the body is the spec's error. */
  errorResponse: boolean;
  /** The Swagger schema of the body; none means no body. */
  schemaRef: Json | undefined;
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
  segments: string[];
  parameters: Parameter[];
  consumes: string[];
  produces: string[];
  responses: Map<number, ResponseSpec>;
}

// --- Loading and converting the spec --------------------------------------------------------------

class SpecDocuments {
  readonly #root: string;
  readonly #files = new Map<string, Json>();

  constructor(root: string) {
    if (!existsSync(join(root, chatSpecFile))) {
      throw new Error(`The ACS Chat spec is not at ${root}.`);
    }
    this.#root = root;
  }

  file(relative: string): Json {
    let document = this.#files.get(relative);
    if (document === undefined) {
      document = JSON.parse(readFileSync(join(this.#root, relative), 'utf8')) as Json;
      this.#files.set(relative, document);
    }
    return document;
  }

  /** A $ref from `file` as [file, definition name]; only `#/definitions/X` targets occur. */
  resolve(file: string, ref: string): [string, string] {
    const [target = '', pointer = ''] = ref.split('#');
    const match = /^\/definitions\/([^/]+)$/.exec(pointer);
    if (match === null) throw new Error(`Unsupported $ref ${ref} in ${file}`);
    const targetFile = target === '' ? file : join(dirname(file), target).replace(/\\/g, '/');
    return [targetFile, match[1]!];
  }
}

/** A stable $defs key for a definition: 'Chat:ChatMessage', 'Common/2025-06-30:CommunicationError'. */
function defKey(file: string, name: string): string {
  const tag = file.startsWith('Chat/')
    ? 'Chat'
    : file.replace(/^Common\/stable\/([^/]+)\/.*$/, 'Common/$1');
  return `${tag}:${name}`;
}

const pointer = (key: string) => `#/$defs/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

const nestedIdentifierKinds = [
  'communicationUser',
  'phoneNumber',
  'microsoftTeamsUser',
  'microsoftTeamsApp',
  'teamsExtensionUser',
];

/**
 * Turns the spec's definitions into one JSON Schema document per variant: requests (readOnly
 * properties forbidden), responses (identifiers need rawId and kind) and legacy responses (rawId).
 */
class SchemaBuilder {
  readonly #docs: SpecDocuments;
  readonly #variant: Variant;
  readonly #strict: boolean;
  readonly defs: Record<string, unknown> = {};
  /** Definitions with a discriminator: key -> subtypes [discriminator value, key]. */
  readonly #subtypes = new Map<string, Array<[string, string]>>();

  constructor(docs: SpecDocuments, variant: Variant, strict: boolean) {
    this.#docs = docs;
    this.#variant = variant;
    this.#strict = strict;
    // Find the subtypes of discriminated definitions (Swagger polymorphism: allOf + x-ms-discriminator-value).
    const definitions = (docs.file(chatSpecFile).definitions ?? {}) as Record<string, Json>;
    for (const [name, definition] of Object.entries(definitions)) {
      const value = definition['x-ms-discriminator-value'];
      const allOf = definition.allOf as Json[] | undefined;
      if (typeof value !== 'string' || allOf === undefined) continue;
      for (const part of allOf) {
        if (typeof part.$ref !== 'string') continue;
        const base = defKey(...docs.resolve(chatSpecFile, part.$ref));
        const list = this.#subtypes.get(base) ?? [];
        list.push([value, defKey(chatSpecFile, name)]);
        this.#subtypes.set(base, list);
      }
    }
  }

  /** The $ref to a definition, converting it (and what it uses) on first use. */
  ref(file: string, name: string, inAllOf = false): Json {
    const [finalFile, finalName] = this.#followAliases(file, name);
    const key = defKey(finalFile, finalName);
    if (!(key in this.defs)) {
      this.defs[key] = true; // placeholder against cycles (CommunicationError refers to itself)
      this.defs[key] = this.#definition(finalFile, finalName, key);
    }
    const subtypes = this.#subtypes.get(key);
    if (subtypes === undefined || inAllOf) return { $ref: pointer(key) };
    const polyKey = `${key}(polymorphic)`;
    if (!(polyKey in this.defs)) {
      this.defs[polyKey] = true;
      // Subtypes are found in the Chat file only, so their keys are 'Chat:<name>'.
      const branches = subtypes.map(([value, subKey]) => ({
        if: { properties: { kind: { const: value } }, required: ['kind'] },
        then: this.ref(chatSpecFile, subKey.slice('Chat:'.length), true),
      }));
      const poly: Json = { allOf: [{ $ref: pointer(key) }, ...branches] };
      if (this.#strict) poly.unevaluatedProperties = false;
      this.defs[polyKey] = poly;
    }
    return { $ref: pointer(polyKey) };
  }

  #followAliases(file: string, name: string): [string, string] {
    for (;;) {
      const definition = (this.#docs.file(file).definitions as Record<string, Json>)[name];
      if (definition === undefined) throw new Error(`No definition ${name} in ${file}`);
      const keys = Object.keys(definition);
      if (keys.length === 1 && typeof definition.$ref === 'string') {
        [file, name] = this.#docs.resolve(file, definition.$ref);
        continue;
      }
      return [file, name];
    }
  }

  #definition(file: string, name: string, key: string): Json {
    const definition = (this.#docs.file(file).definitions as Record<string, Json>)[name]!;
    const isBase = this.#subtypes.has(key);
    const schema = this.convert(file, definition, !isBase);
    if (name === 'CommunicationIdentifierModel') return this.#identifierRules(schema);
    return schema;
  }

  /** The rules CommunicationIdentifierModel states in prose. */
  #identifierRules(schema: Json): Json {
    const rules: Json[] = [];
    // "at most one further property may be set which must match the kind enum value"
    const pairs: Json[] = [];
    for (const [i, a] of nestedIdentifierKinds.entries()) {
      for (const b of nestedIdentifierKinds.slice(i + 1)) pairs.push({ required: [a, b] });
      rules.push({
        if: { required: [a] },
        then: { properties: { kind: { const: a } } },
      });
      rules.push({
        if: { properties: { kind: { const: a } }, required: ['kind'] },
        then: { required: [a] },
      });
    }
    rules.push({ not: { anyOf: pairs } });
    if (this.#variant === 'response') rules.push({ required: ['rawId', 'kind'] });
    if (this.#variant === 'legacy-response') rules.push({ required: ['rawId'] });
    return { ...schema, allOf: [...((schema.allOf as Json[]) ?? []), ...rules] };
  }

  /** One Swagger schema as JSON Schema 2020-12. `closed`: may add unevaluatedProperties: false. */
  convert(file: string, schema: Json, closed = true): Json {
    if (typeof schema.$ref === 'string') return this.ref(...this.#docs.resolve(file, schema.$ref));
    const out: Json = {};
    if (typeof schema.type === 'string') out.type = schema.type;
    for (const keyword of [
      'format',
      'enum',
      'minimum',
      'maximum',
      'minLength',
      'maxLength',
      'pattern',
    ]) {
      if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
    }
    if (schema.items !== undefined) out.items = this.convert(file, schema.items as Json);
    if (Array.isArray(schema.required)) out.required = schema.required;
    if (Array.isArray(schema.allOf)) {
      out.allOf = (schema.allOf as Json[]).map((part) =>
        typeof part.$ref === 'string'
          ? this.ref(...this.#docs.resolve(file, part.$ref), true)
          : this.convert(file, part, false),
      );
    }
    if (schema.properties !== undefined) {
      const properties: Json = {};
      for (const [name, property] of Object.entries(schema.properties as Record<string, Json>)) {
        properties[name] =
          property.readOnly === true && this.#variant === 'request'
            ? false // server-set: a request must not carry it
            : this.convert(file, property);
      }
      out.properties = properties;
    }
    if (schema.additionalProperties !== undefined) {
      out.additionalProperties =
        typeof schema.additionalProperties === 'boolean'
          ? schema.additionalProperties
          : this.convert(file, schema.additionalProperties as Json);
    } else if (
      closed &&
      this.#strict &&
      (schema.properties !== undefined || schema.allOf !== undefined)
    ) {
      out.unevaluatedProperties = false;
    }
    return out;
  }
}

// --- Helpers --------------------------------------------------------------------------------------

const mediaType = (value: string | undefined) =>
  value === undefined ? undefined : value.split(';')[0]!.trim().toLowerCase();

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  switch (error.keyword) {
    case 'false schema':
      return `${where} is read-only (set by the server) and must not be sent`;
    case 'unevaluatedProperties':
      return `${where} has '${String(error.params.unevaluatedProperty)}', which the spec does not declare`;
    case 'not':
      return `${where} sets more than one nested identifier model`;
    case 'const':
      return `${where} must be ${JSON.stringify(error.params.allowedValue)} to match the nested model`;
    case 'required':
      return `${where} lacks required '${String(error.params.missingProperty)}'`;
    case 'enum':
      return `${where} ${error.message ?? ''}: ${JSON.stringify(error.params.allowedValues)}`;
    default:
      return `${where} ${error.message ?? 'is not valid'}`;
  }
}

function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  // if/then failures repeat the inner error; keep the informative ones.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf');
  return [...new Set(errors.map(describeError))];
}

function splitPath(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

// --- The validator --------------------------------------------------------------------------------

export function createSpecValidator(options: SpecValidatorOptions = {}): SpecValidator {
  const docs = new SpecDocuments(options.specDirectory ?? defaultSpecDirectory());
  const strict = options.strictProperties ?? true;
  const spec = docs.file(chatSpecFile);
  const apiVersion = (spec.info as Json).version as string;
  const builders: Record<Variant, SchemaBuilder> = {
    request: new SchemaBuilder(docs, 'request', strict),
    response: new SchemaBuilder(docs, 'response', strict),
    'legacy-response': new SchemaBuilder(docs, 'legacy-response', strict),
  };
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
  });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();

  /** A validator for a schema given as a $ref into one variant's $defs. */
  function validatorFor(variant: Variant, ref: Json): ValidateFunction {
    const id = `${variant} ${JSON.stringify(ref)}`;
    let validate = compiled.get(id);
    if (validate === undefined) {
      // Each compile gets a snapshot of the variant's definitions (converted lazily, so they grow).
      validate = ajv.compile({ $defs: { ...builders[variant].defs }, ...ref });
      compiled.set(id, validate);
    }
    return validate;
  }

  const globalParameters = (spec.parameters ?? {}) as Record<string, Json>;
  const errorRef = (variant: Variant) =>
    builders[variant].ref(chatSpecFile, 'CommunicationErrorResponse');
  const dateTime = ajv.compile({ type: 'string', format: 'date-time' });

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const [method, raw] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const op = raw as Json;
      const parameters: Parameter[] = [];
      for (const given of [
        ...((item.parameters as Json[]) ?? []),
        ...((op.parameters as Json[]) ?? []),
      ]) {
        const p =
          typeof given.$ref === 'string'
            ? globalParameters[given.$ref.replace('#/parameters/', '')]!
            : given;
        const parameter: Parameter = {
          name: p.name as string,
          in: p.in as Parameter['in'],
          required: p.required === true,
        };
        if (typeof p.type === 'string') parameter.type = p.type;
        if (typeof p.format === 'string') parameter.format = p.format;
        if (p.in === 'body') parameter.schemaRef = p.schema as Json;
        parameters.push(parameter);
      }
      const responses = new Map<number, ResponseSpec>();
      for (const [code, response] of Object.entries(op.responses as Record<string, Json>)) {
        responses.set(Number(code), {
          errorResponse: response['x-ms-error-response'] === true,
          schemaRef: response.schema as Json | undefined,
        });
      }
      operations.push({
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        template,
        segments: template.split('/').slice(1),
        parameters,
        consumes: (op.consumes ?? spec.consumes ?? ['application/json']) as string[],
        produces: (op.produces ?? spec.produces ?? ['application/json']) as string[],
        responses,
      });
    }
  }

  function match(path: string): Array<{ op: Operation; params: Record<string, string> }> {
    const segments = splitPath(path);
    if (segments === undefined) return [];
    const found = [];
    for (const op of operations) {
      if (op.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = op.segments.every((part, i) => {
        const value = segments[i]!;
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (name === undefined) return part === value;
        params[name] = value;
        return true;
      });
      if (ok) found.push({ op, params });
    }
    // Literal segments win over parameters (none overlap in this spec, but stay exact if one does).
    const parameterCount = (op: Operation) => op.segments.filter((p) => p.startsWith('{')).length;
    return found.sort((a, b) => parameterCount(a.op) - parameterCount(b.op));
  }

  function findOperation(method: string, path: string): OperationMatch | undefined {
    const hit = match(path).find((m) => m.op.method === method.toUpperCase());
    return (
      hit && { operationId: hit.op.operationId, template: hit.op.template, pathParams: hit.params }
    );
  }

  const pathOf = (request: HttpRequestData) => request.path ?? new URL(request.url).pathname;

  function checkQueryValue(parameter: Parameter, value: string): string | undefined {
    if (parameter.type === 'integer') {
      if (!/^[+-]?\d+$/.test(value)) return `must be an integer, got '${value}'`;
      const n = Number(value);
      if (parameter.format === 'int32' && (n < -(2 ** 31) || n > 2 ** 31 - 1)) {
        return `must fit int32, got ${value}`;
      }
    }
    if (parameter.format === 'date-time' && !dateTime(value)) {
      return `must be an RFC 3339 date-time, got '${value}'`;
    }
    return undefined;
  }

  function validateRequest(request: HttpRequestData, check: RequestCheckOptions = {}): string[] {
    const path = pathOf(request);
    const method = request.method.toUpperCase();
    const label = `${method} ${path}`;
    const candidates = match(path);
    if (candidates.length === 0) return [`${label}: no operation in the spec has this path`];
    const hit = candidates.find((m) => m.op.method === method);
    if (hit === undefined) {
      return [`${label}: the spec has no ${method} for ${candidates[0]!.op.template}`];
    }
    const { op, params } = hit;
    const where = `${op.operationId} request`;
    const problems: string[] = [];

    // Security: the Authorization header with an ACS user token (Bearer, per design.md).
    const authorization = request.headers.authorization;
    if (authorization === undefined) problems.push(`${where}: no Authorization header`);
    else if (!/^Bearer \S+$/.test(authorization)) {
      problems.push(`${where}: Authorization is not 'Bearer <token>'`);
    }

    const url = new URL(request.url);
    const declaredQuery = new Set<string>();
    for (const parameter of op.parameters) {
      if (parameter.in === 'path') {
        const value = params[parameter.name];
        if (parameter.required && (value === undefined || value === '')) {
          problems.push(`${where}: path parameter ${parameter.name} is empty`);
        }
      } else if (parameter.in === 'header') {
        const value = request.headers[parameter.name.toLowerCase()];
        if (value === undefined) {
          if (parameter.required) problems.push(`${where}: header ${parameter.name} is required`);
        } else if (value.trim() === '') {
          problems.push(`${where}: header ${parameter.name} is empty`);
        }
      } else if (parameter.in === 'query') {
        declaredQuery.add(parameter.name);
        const values = url.searchParams.getAll(parameter.name);
        if (values.length === 0) {
          if (parameter.required)
            problems.push(`${where}: query parameter ${parameter.name} is required`);
          continue;
        }
        if (check.fromNextLink) continue; // the server's link: its values are the server's
        if (values.length > 1)
          problems.push(`${where}: query parameter ${parameter.name} is repeated`);
        const problem = checkQueryValue(parameter, values[0]!);
        if (problem !== undefined) problems.push(`${where}: query ${parameter.name} ${problem}`);
      }
    }
    const version = url.searchParams.get('api-version');
    if (version !== null && version !== apiVersion) {
      problems.push(`${where}: api-version is '${version}', the spec describes ${apiVersion}`);
    }
    if (!check.fromNextLink) {
      for (const name of new Set(url.searchParams.keys())) {
        if (!declaredQuery.has(name)) {
          problems.push(`${where}: query parameter '${name}' is not in the spec`);
        }
      }
    }

    const bodyParameter = op.parameters.find((p) => p.in === 'body');
    if (bodyParameter === undefined) {
      if (request.body !== '') problems.push(`${where}: the operation takes no body, got one`);
      return problems;
    }
    if (request.body === '') {
      if (bodyParameter.required) problems.push(`${where}: the body is required`);
      return problems;
    }
    const type = mediaType(request.headers['content-type']);
    if (type === undefined) problems.push(`${where}: a body without Content-Type`);
    else if (!op.consumes.includes(type)) {
      problems.push(`${where}: Content-Type ${type}, the spec consumes ${op.consumes.join(', ')}`);
    }
    const parsed = parseJson(request.body);
    if (parsed === undefined) return [...problems, `${where}: the body is not JSON`];
    const ref = builders.request.convert(chatSpecFile, bodyParameter.schemaRef!);
    // In a JSON merge patch (RFC 7396) null means "remove this member": valid for any member.
    const value =
      type === 'application/merge-patch+json' ? withoutNulls(parsed.value) : parsed.value;
    for (const error of schemaErrors(validatorFor('request', ref), value)) {
      problems.push(`${where} body ${error}`);
    }
    return problems;
  }

  function nextLinkOf(response: HttpResponseData): string | undefined {
    const parsed = parseJson(response.body);
    const value = parsed?.value as Json | undefined;
    return typeof value?.nextLink === 'string' ? value.nextLink : undefined;
  }

  function validateResponse(request: HttpRequestData, response: HttpResponseData): string[] {
    const path = pathOf(request);
    const method = request.method.toUpperCase();
    const version = new URL(request.url).searchParams.get('api-version') ?? apiVersion;
    const variant: Variant = version < '2023-11-07' ? 'legacy-response' : 'response';
    const hit = match(path).find((m) => m.op.method === method);
    const where = `${hit?.op.operationId ?? `${method} ${path}`} ${response.status} response`;
    const problems: string[] = [];
    const spec = hit?.op.responses.get(response.status);
    // Statuses the spec lists say whether they are errors; any other allowed one is (4xx/5xx).
    const isError = spec?.errorResponse ?? response.status >= 400;

    if (hit === undefined) {
      // A request for no operation can only be refused.
      if (!isError) return [`${where}: success for a request the spec has no operation for`];
    } else if (spec === undefined && !(isError && response.status in allowedExtraStatuses)) {
      const listed = [...hit.op.responses.keys()].join(', ');
      // No schema to check the body against: the status is the problem.
      return [`${where}: status ${response.status} is not one the spec lists (${listed})`];
    }

    const produces = hit?.op.produces ?? ['application/json'];
    const schemaRef = isError
      ? errorRef(variant)
      : spec?.schemaRef && builders[variant].convert(chatSpecFile, spec.schemaRef);
    if (schemaRef === undefined) {
      if (response.body !== '')
        problems.push(`${where}: the spec defines no body, got ${response.body.slice(0, 80)}`);
      return problems;
    }
    const type = mediaType(response.headers['content-type']);
    if (type === undefined || !produces.includes(type)) {
      problems.push(
        `${where}: Content-Type ${type ?? '(none)'}, the spec produces ${produces.join(', ')}`,
      );
    }
    const parsed = parseJson(response.body);
    if (parsed === undefined) return [...problems, `${where}: the body is not JSON`];
    for (const error of schemaErrors(validatorFor(variant, schemaRef), parsed.value)) {
      problems.push(`${where} body ${error}`);
    }
    if (hit !== undefined && !isError)
      problems.push(...linkProblems(request, response, hit.op, parsed.value, where));
    return problems;
  }

  /** Location on the 201s the spec's descriptions promise it for, and nextLinks (design.md). */
  function linkProblems(
    request: HttpRequestData,
    response: HttpResponseData,
    op: Operation,
    body: unknown,
    where: string,
  ): string[] {
    const problems: string[] = [];
    // The endpoint: the origin plus any mount prefix (the part of the URL's path above `path`).
    const { origin, pathname } = new URL(request.url);
    const below = request.path ?? pathname;
    const base =
      origin + (pathname.endsWith(below) ? pathname.slice(0, pathname.length - below.length) : '');
    const belowBase = (link: string) =>
      link.startsWith(`${base}/`) ? link.slice(base.length).split('?')[0]! : undefined;
    const locationTarget: Record<string, string> = {
      Chat_CreateChatThread: 'ChatThread_GetChatThreadProperties',
      ChatThread_SendChatMessage: 'ChatThread_GetChatMessage',
    };
    const target = locationTarget[op.operationId];
    if (target !== undefined && response.status === 201) {
      const location = response.headers.location;
      const locationPath = location === undefined ? undefined : belowBase(location);
      if (location === undefined) problems.push(`${where}: no Location header`);
      else if (
        locationPath === undefined ||
        findOperation('GET', locationPath)?.operationId !== target
      ) {
        problems.push(`${where}: Location ${location} is not a ${target} URL on ${base}`);
      }
    }
    const nextLink = (body as Json | null)?.nextLink;
    if (typeof nextLink === 'string') {
      let url: URL | undefined;
      try {
        url = new URL(nextLink);
      } catch {
        problems.push(`${where}: nextLink ${nextLink} is not an absolute URL`);
      }
      const linkPath = belowBase(nextLink);
      if (
        url !== undefined &&
        (linkPath === undefined || findOperation('GET', linkPath)?.operationId !== op.operationId)
      ) {
        problems.push(`${where}: nextLink ${nextLink} is not a ${op.operationId} URL on ${base}`);
      }
      if (url !== undefined && url.searchParams.get('api-version') === null) {
        problems.push(`${where}: nextLink ${nextLink} carries no api-version`);
      }
    }
    return problems;
  }

  return { apiVersion, findOperation, validateRequest, validateResponse, nextLinkOf };
}

// --- The test tap ---------------------------------------------------------------------------------
// Every emulator made in the node and react test projects reports its exchanges here (the setup
// file test/support/spec-validation-setup.ts hooks createChatEmulator's onExchange). Exchanges are
// checked in arrival order, so a request that follows a nextLink is checked after the response
// that gave it. The setup file fails the test that caused a violation, in afterEach.

/** A request carrying this header (value: why) is exempt from request validation; its response is not. */
export const skipRequestValidationHeader = 'x-test-skip-request-validation';

// Captured at load: a test that installs fake timers must not stop the wait below from ending.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
let tapValidator: SpecValidator | undefined;
let tapChain: Promise<void> = Promise.resolve();
let skipReason: string | undefined;
const tapViolations: string[] = [];
const issuedNextLinks = new Set<string>();

const normalizeUrl = (url: string) => {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
};

/**
 * Exempts the requests of the current test (until its afterEach) from request validation, for
 * tests that send malformed requests on purpose. Responses are still validated. Say why.
 */
export function skipRequestValidation(reason: string): void {
  if (reason.trim() === '') throw new Error('skipRequestValidation: say why');
  skipReason = reason;
}

/** The shape of the emulator's EmulatorExchange this tap needs (kept structural: no import). */
export interface ObservedExchange {
  request: Request;
  requestBody: string;
  path: string;
  response: Response;
}

/** Queues the checks of one exchange; call from the emulator's onExchange. */
export function checkExchange(exchange: ObservedExchange): void {
  const { request, path } = exchange;
  // CORS preflights and the routes outside the Chat API are not the spec's business.
  if (request.method === 'OPTIONS' || isOutsideChatSpec(path)) return;
  const skip = skipReason ?? request.headers.get(skipRequestValidationHeader) ?? undefined;
  const data: HttpRequestData = {
    method: request.method,
    url: request.url,
    path,
    headers: Object.fromEntries(request.headers),
    body: exchange.requestBody,
  };
  const response = exchange.response;
  tapChain = tapChain.then(async () => {
    const body = await response.text();
    tapValidator ??= createSpecValidator();
    const label = `${request.method} ${request.url}`;
    if (skip === undefined) {
      const fromNextLink = issuedNextLinks.has(normalizeUrl(request.url));
      for (const problem of tapValidator.validateRequest(data, { fromNextLink })) {
        tapViolations.push(`request ${label}: ${problem}`);
      }
    }
    const observed: HttpResponseData = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body,
    };
    for (const problem of tapValidator.validateResponse(data, observed)) {
      tapViolations.push(`response to ${label}: ${problem}`);
    }
    const nextLink = tapValidator.nextLinkOf(observed);
    if (nextLink !== undefined) issuedNextLinks.add(normalizeUrl(nextLink));
  });
  tapChain = tapChain.catch((error: unknown) => {
    tapViolations.push(`checking ${request.method} ${request.url} failed: ${String(error)}`);
  });
}

/**
 * Waits for the queued checks (at most `waitMs`: a fault may hold a body back longer than a test
 * lasts) and returns the violations found since the last call. Ends any skipRequestValidation.
 */
export async function takeExchangeViolations(waitMs = 5000): Promise<string[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    tapChain,
    new Promise((resolve) => (timer = realSetTimeout(resolve, waitMs))),
  ]);
  realClearTimeout(timer);
  skipReason = undefined;
  return tapViolations.splice(0);
}
