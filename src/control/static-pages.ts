import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadSpec } from '../spec/load.js';
import { loadControlSpec } from '../spec/control-spec.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { withTryItOutExamples } from './docs-form-fields.js';
import { sendAnswer } from './large-answer.js';

/**
 * The pages a person opens in a browser: the dev inbox (/__umc/ui/, files in src/control/ui/) and
 * Swagger UI (/docs) over openapi.yaml and control-plane.yaml. Everything is served from this
 * package and node_modules: no CDN, no build step, works offline.
 */

export const UI_PREFIX = '/__umc/ui';
/** Also kept out of the request journal (src/mock/journal-entry.ts). */
export const DOCS_PREFIX = '/docs';

// The page files are not compiled: they are served from the sources, also when the code runs from dist/.
const UI_DIR = join(PACKAGE_ROOT, 'src', 'control', 'ui');
const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SWAGGER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png']);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * On everything these pages serve: no other page may frame them. The control plane's guard sees a
 * click on a page of the mock's own origin as the mock's own; framed invisibly by a page on another
 * port, one real click on the inbox moved the clock two hours.
 */
const FRAMING_REFUSED = { 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" };

function notFound(reply: FastifyReply, path: string) {
  return reply.code(404).headers(FRAMING_REFUSED).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ error: `没有这个文件：${path}` }));
}

/**
 * Swagger UI's files do not change while the mock runs: each is read once, and every answer
 * shares that one copy, so that clients that never read their answer hold no copy of their own.
 */
const swaggerFiles = new Map<string, Promise<Buffer>>();
function readSwaggerFile(file: string): Promise<Buffer> {
  let data = swaggerFiles.get(file);
  if (!data) swaggerFiles.set(file, (data = readFile(file)));
  return data;
}

/** A file under `root`, never outside it. */
async function sendFile(reply: FastifyReply, root: string, name: string, cache: string, read: (file: string) => Promise<Buffer> = readFile) {
  const file = resolve(root, name);
  if (!file.startsWith(root + sep)) return notFound(reply, name);
  let data: Buffer;
  try {
    data = await read(file);
  } catch {
    return notFound(reply, name);
  }
  reply
    .code(200)
    .headers(FRAMING_REFUSED)
    .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
    .header('cache-control', cache);
  return sendAnswer(reply, data);
}

function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? req.hostname}`;
}

type Doc = Record<string, any>;

/**
 * The page shows each parameter where the document puts it: the other places the servlet reads it
 * (x-umc-alternate: 5.1.1's form body, the JSON operations' token in the URL, which the page's token key
 * stands for) are left out, and what x-umc-required says is required again there.
 */
function withoutAlternates(op: Doc): void {
  const alternate = (p: Doc) => p['x-umc-alternate'] === true || p.$ref === '#/components/parameters/tokenInQuery';
  if (op.parameters) {
    op.parameters = op.parameters.filter((p: Doc) => !alternate(p));
    for (const p of op.parameters) if (p['x-umc-required'] === true) p.required = true;
  }
  for (const [media, body] of Object.entries((op.requestBody?.content ?? {}) as Record<string, Doc>)) {
    const properties = body.schema?.properties as Record<string, Doc> | undefined;
    if (!properties) continue;
    for (const [name, property] of Object.entries(properties)) if (alternate(property)) delete properties[name];
    if (Object.keys(properties).length === 0) delete op.requestBody.content[media];
  }
  if (op.requestBody && Object.keys(op.requestBody.content ?? {}).length === 0) delete op.requestBody;
}

/**
 * openapi.yaml as Swagger UI shows it: served by this mock, and with the token usable from the
 * page: a `token` API key (Authorize, or the page's "get token" bar) sent as a query parameter,
 * which the platform merges with the form or JSON body; the token fields become optional so the
 * key can stand in for them; form fields carry examples that "Try it out" can send as they are.
 */
export function docsOpenapi(document: Doc, serverUrl: string, now = Date.now()): Doc {
  const doc = structuredClone(document);
  doc.servers = [{ url: serverUrl, description: 'this umc-mock' }];
  doc.components.securitySchemes = {
    token: { type: 'apiKey', in: 'query', name: 'token', description: '5.1.1获取的token（有效期7200秒）；页面顶部可用appId/appPassword直接获取' },
  };
  if (doc.components.parameters?.token) doc.components.parameters.token.required = false;
  for (const item of Object.values(doc.paths as Record<string, Doc>)) {
    for (const op of Object.values(item) as Doc[]) {
      if (typeof op !== 'object' || !op.operationId) continue;
      withoutAlternates(op);
      const byParam = (op.parameters ?? []).some((p: Doc) => p.$ref === '#/components/parameters/token');
      let byBody = false;
      for (const media of Object.values((op.requestBody?.content ?? {}) as Record<string, Doc>)) {
        if (!media.schema?.properties?.token) continue;
        byBody = true;
        media.schema.required = (media.schema.required ?? []).filter((name: string) => name !== 'token');
        for (const example of Object.values((media.examples ?? {}) as Record<string, Doc>)) delete example.value?.token;
      }
      if (byParam || byBody) op.security = [{ token: [] }];
    }
  }
  return withTryItOutExamples(doc, now);
}

/** control-plane.yaml as Swagger UI shows it: served by this mock (its own security schemes give Authorize the admin token). */
export function docsControlPlane(document: Doc, serverUrl: string): Doc {
  const doc = structuredClone(document);
  doc.servers = [{ url: serverUrl, description: 'this umc-mock' }];
  return doc;
}

/** `now`: the platform clock, so that the docs' example sendTime lies ahead of it. */
export function registerStaticPages(app: FastifyInstance, now: () => number = Date.now): void {
  // The documents the server already loaded (once per process), not a second parse.
  const openapi = loadSpec().document as Doc;
  const controlPlane = loadControlSpec().document as Doc;
  const json = (reply: FastifyReply, body: unknown) => reply.code(200).headers(FRAMING_REFUSED).header('content-type', TYPES['.json']!).header('cache-control', 'no-cache').send(JSON.stringify(body));

  // The router ignores trailing slashes: this serves /__umc/ui and /__umc/ui/ (the page links absolutely).
  app.get(UI_PREFIX, (_req, reply) => sendFile(reply, UI_DIR, 'index.html', 'no-cache'));
  app.get(`${UI_PREFIX}/*`, (req, reply) => {
    const name = (req.params as { '*': string })['*'] || 'index.html';
    return sendFile(reply, UI_DIR, name, 'no-cache');
  });

  app.get(DOCS_PREFIX, (_req, reply) => sendFile(reply, UI_DIR, 'docs.html', 'no-cache'));
  app.get(`${DOCS_PREFIX}/openapi.json`, (req, reply) => json(reply, docsOpenapi(openapi, origin(req), now())));
  app.get(`${DOCS_PREFIX}/control-plane.json`, (req, reply) => json(reply, docsControlPlane(controlPlane, origin(req))));
  app.get(`${DOCS_PREFIX}/:file`, (req, reply) => {
    const { file } = req.params as { file: string };
    if (file === 'docs.js') return sendFile(reply, UI_DIR, file, 'no-cache');
    if (!SWAGGER_FILES.has(file)) return notFound(reply, file);
    return sendFile(reply, SWAGGER_DIR, file, 'public, max-age=3600', readSwaggerFile);
  });
}
