// The layers of src/ and which way imports may go: test/unit/layers.test.ts enforces these rules and
// ARCHITECTURE.md shows them as rendered here (`npm run docs` rewrites that section).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface Layer {
  /** A folder (or file) under the repository root. */
  path: string;
  /** What it is, in a few words. */
  role: string;
  /** Folders (or files) of src/ it may import; its own is always allowed. */
  may: string[];
  /** Packages: 'any', or only these (node: built-ins included). */
  packages: 'any' | string[];
  /** Packages it must never import (for layers that may import most). */
  never?: string[];
  /** Packages allowed although `never` names their scope, each for a reason given in `role`. */
  except?: string[];
}

const TRANSPORT = ['fastify', '@fastify/', 'pino', 'node:http', 'node:https', 'node:net'];

/** Files every layer may import: where the package is, its version, and the forms a secret travels in. */
const BASE = ['src/package-root.ts', 'src/version.ts', 'src/secret-forms.ts'];

export const LAYERS: Layer[] = [
  { path: 'src/package-root.ts', role: 'where the package\'s files are (from src/ and from dist/src/)', may: [], packages: ['node:fs', 'node:path', 'node:url'] },
  { path: 'src/version.ts', role: 'the package version', may: [], packages: ['node:fs', 'node:path', 'node:url'] },
  { path: 'src/secret-forms.ts', role: 'the forms a secret travels in (masking, echo checks)', may: [], packages: [] },
  { path: 'src/domain', role: 'the platform\'s behaviour: no HTTP, no files', may: [], packages: ['node:crypto'] },
  { path: 'src/spec', role: 'reads openapi.yaml and control-plane.yaml, compiles their rules', may: ['src/domain'], packages: 'any', never: TRANSPORT },
  { path: 'src/store', role: 'scenarios, the journal, the --data files', may: ['src/domain', 'src/spec'], packages: 'any', never: TRANSPORT },
  { path: 'src/mock', role: 'the core and its one door (handle.ts): every request in, one answer out, read as the platform\'s servlet reads it (@fastify/busboy: its multipart parser, no transport); no transport', may: ['src/domain', 'src/spec', 'src/store'], packages: 'any', never: TRANSPORT, except: ['@fastify/busboy'] },
  { path: 'src/server', role: 'the HTTP adapter (Fastify): one catch-all route into the door, the pages, event streams framed as SSE, the server\'s timeouts', may: ['src/mock/handle.ts', 'src/control'], packages: 'any' },
  { path: 'src/control', role: 'the pages the adapter serves (dev inbox, Swagger UI) and large answers handed over in pieces', may: ['src/spec', 'src/domain/wall-time.ts'], packages: 'any' },
  { path: 'src/contract', role: 'umc-contract: judges any deployment by openapi.yaml alone; the mock, when it is the target, through its control plane\'s client', may: ['src/spec/load.ts', 'src/spec/deployment-profile.ts', 'src/client/control-client.ts'], packages: 'any', never: TRANSPORT },
  { path: 'src/mock-options.ts', role: 'the mock\'s options: one set of rules, the defaults, frozen', may: ['src/mock/control-guard.ts', 'src/domain/scenario.ts', 'src/spec/deployment-choices.ts', 'src/store/state-file.ts'], packages: [] },
  { path: 'src/create-mock.ts', role: 'createMock(options): the one way a mock is built (the composition root), for the CLI, startMock, tests and benches', may: ['src/domain', 'src/spec', 'src/store', 'src/mock', 'src/server', 'src/mock-options.ts'], packages: 'any' },
  { path: 'src/cli', role: 'the commands: flags → options → createMock; `umc-mock app …` over ControlClient', may: ['src/domain', 'src/spec', 'src/store', 'src/mock', 'src/contract', 'src/client', 'src/create-mock.ts', 'src/mock-options.ts'], packages: 'any' },
  { path: 'src/client', role: 'UmcClient (the platform API, typed from openapi.yaml) and ControlClient (the control plane), over HTTP, for any running mock or deployment (the mock\'s fault, journal and event types only)', may: ['src/domain/scenario.ts', 'src/store/journal.ts', 'src/mock/events.ts'], packages: 'any', never: TRANSPORT },
  { path: 'src/embedded-mock.ts', role: 'startMock: createMock in the caller\'s process, and a ControlClient over it', may: ['src/create-mock.ts', 'src/client'], packages: 'any' },
  { path: 'src/index.ts', role: 'the package\'s public entry', may: ['src/embedded-mock.ts', 'src/client'], packages: [] },
];

/** Test files beside the modules may build fixtures from any layer; the rules bind the modules. */
const isTest = (file: string) => file.endsWith('.test.ts');

function within(target: string, path: string): boolean {
  return target === path || target.startsWith(`${path}/`);
}

export function layerOf(file: string): Layer | undefined {
  return LAYERS.find((layer) => within(file, layer.path));
}

export interface ImportOf {
  file: string;
  /** A repository path (for relative imports) or a package name. */
  target: string;
  relative: boolean;
}

/** The imports of a TypeScript file: static, re-exports and dynamic ones. */
export function importsOf(file: string, text: string): ImportOf[] {
  const found: ImportOf[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec!.startsWith('.')) found.push({ file, target: relative('.', join(dirname(file), spec!)).replace(/\.js$/, '.ts'), relative: true });
    else found.push({ file, target: spec!, relative: false });
  }
  return found;
}

function packageName(spec: string): string {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Why an import breaks the rules, or undefined when it keeps them. */
export function violation(imp: ImportOf): string | undefined {
  if (isTest(imp.file)) return undefined;
  const layer = layerOf(imp.file);
  if (!layer) return undefined;
  if (imp.relative) {
    if (within(imp.target, 'contract-tests')) return `${imp.file} imports ${imp.target}: src/ never imports the contract suite's cases`;
    if (!imp.target.startsWith('src/') || within(imp.target, layer.path)) return undefined;
    if ([...layer.may, ...(layer.path === 'src/package-root.ts' ? [] : BASE)].some((path) => within(imp.target, path))) return undefined;
    return `${imp.file} imports ${imp.target}: ${layer.path} may import only ${layer.may.join(', ') || 'itself'}`;
  }
  const name = packageName(imp.target);
  if (layer.never?.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p)) && !layer.except?.includes(name)) return `${imp.file} imports ${name}: ${layer.path} knows no transport`;
  if (layer.packages !== 'any' && !layer.packages.includes(name)) return `${imp.file} imports ${name}: ${layer.path} may use only ${layer.packages.join(', ')}`;
  return undefined;
}

/** Every .ts file under a folder, as repository paths. */
export function sourceFiles(root: string, dir = 'src'): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(root, join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The violations of the whole tree at `root`. */
export function treeViolations(root: string): string[] {
  return sourceFiles(root).flatMap((file) => importsOf(file, readFileSync(resolve(root, file), 'utf8')).map(violation).filter((v): v is string => v !== undefined));
}

export const LAYERS_START = '<!-- layers:start (generated from scripts/layers.ts by `npm run docs`; test/unit/layers.test.ts enforces it) -->';
export const LAYERS_END = '<!-- layers:end -->';

/** The rules as ARCHITECTURE.md shows them. */
export function layersTable(): string {
  const rows = LAYERS.map((l) => `| \`${l.path}\` | ${l.role} | ${l.may.map((p) => `\`${p}\``).join(', ') || '—'} | ${l.packages === 'any' ? (l.never ? `any but ${l.never.join(', ')}${l.except ? ` (except ${l.except.join(', ')})` : ''}` : 'any') : l.packages.join(', ') || '—'} |`);
  return [LAYERS_START, '| layer | what it is | may import (besides itself) | packages |', '|---|---|---|---|', ...rows, '', `Every layer may import ${BASE.map((b) => `\`${b}\``).join(', ').replace(/, ([^,]*)$/, ' and $1')}. Nothing in \`src/\` imports \`contract-tests/\` (the suite hands its cases to \`src/cli/umc-contract.ts\`); test files beside the modules are exempt.`, LAYERS_END].join('\n');
}

export function withLayersTable(text: string): string {
  const start = text.indexOf(LAYERS_START);
  const end = text.indexOf(LAYERS_END);
  if (start < 0 || end < 0) throw new Error('ARCHITECTURE.md has no layers section');
  return text.slice(0, start) + layersTable() + text.slice(end + LAYERS_END.length);
}
