// umc-kit as its users get it: the packed tarball installed with --omit=dev into an empty folder,
// then startMock from a plain ESM script, the README's integrator module and test (UmcClient and
// startMock), `npx umc-mock` and `npx umc-contract` against it. No tsx there: what runs is the
// compiled dist/ (tap's before hook rebuilt it if a source changed).
import t from 'tap';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { DEMO_APP } from './helpers/mock.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The install resolves the dependencies (from npm's cache when it can): more than tap's 60 s default.
t.setTimeout(300_000);

const dir = mkdtempSync(join(tmpdir(), 'umc-kit-install-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

interface Packed {
  filename: string;
  entryCount: number;
  files: { path: string }[];
}

// The scripts already ran (prepare / tap's before hook); here, only the packing.
const packed = (JSON.parse((await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT })).stdout) as Packed[])[0]!;
const app = join(dir, 'app');

t.test('the tarball holds the compiled package, not the tests, benches, CI or screenshots', async (t) => {
  const paths = packed.files.map((f) => f.path);
  t.comment(`${packed.filename}: ${packed.entryCount} files`);
  for (const needed of ['package.json', 'README.md', 'bin/umc-mock.js', 'bin/umc-contract.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/client/index.js', 'dist/src/client/index.d.ts', 'dist/src/cli/umc-mock.js', 'dist/yaml/openapi.yaml.json', 'openapi.yaml', 'control-plane.yaml', 'fixtures/default/apps.json', 'src/control/ui/index.html']) {
    t.ok(paths.includes(needed), needed);
  }
  for (const page of readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) t.ok(paths.includes(`docs/${page}`), `docs/${page}: the README links it`);
  const stray = paths.filter((p) => /^(test|bench|scripts|\.ci|docs\/screenshots)\//.test(p) || /\.test\.|\.tsbuildinfo$|\.build-stamp$|^tsconfig/.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts')));
  t.same(stray, [], 'nothing a user does not run');
});

t.test('npm install --omit=dev of the tarball into an empty folder', async (t) => {
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'integrator-app', private: true, type: 'module' }));
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed.filename)], { cwd: app });
  t.ok(existsSync(join(app, 'node_modules/umc-kit/dist/src/index.js')));
  t.notOk(existsSync(join(app, 'node_modules/tsx')), 'tsx is not installed: nothing needs it at run time');
  t.notOk(existsSync(join(app, 'node_modules/typescript')), 'nor typescript');
});

t.test("import { startMock } from 'umc-kit' in a plain ESM script", async (t) => {
  writeFileSync(
    join(app, 'probe.mjs'),
    `import { startMock, ControlClient } from 'umc-kit';
const mock = await startMock({ seed: 5 });
const token = await (await fetch(mock.url + '/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}')).json();
await mock.faults.add({ operationId: 'getProgress', rspCode: '500005', times: 1 });
const clock = await new ControlClient(mock.url).clock.advance(60);
const journal = await mock.journal({ operationId: 'getThirdAPITokenByGet' });
const docs = (await fetch(mock.url + '/docs/swagger-ui.css')).status;
const inbox = (await fetch(mock.url + '/__umc/ui/')).status;
await mock.close();
console.log(JSON.stringify({ rspCode: token.rspCode, faults: 1, offset: clock.offsetSeconds, journal: journal.total, docs, inbox }));
`,
  );
  const { stdout } = await run(process.execPath, ['probe.mjs'], { cwd: app });
  t.same(JSON.parse(stdout), { rspCode: '000000', faults: 1, offset: 60, journal: 1, docs: 200, inbox: 200 });
});

t.test("the README's integrator module and test (examples/integrator): type-checked against the installed types, run with node --test", async (t) => {
  for (const name of ['notices.ts', 'notices.test.ts']) copyFileSync(join(ROOT, 'examples', 'integrator', name), join(app, name));
  // As the integrator's tsc would check them, against the .d.ts the tarball installed ('umc-kit/client'
  // through its exports); the empty project has no typescript or @types/node, so the repository's serve.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const options = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types')];
  const checked = await run(process.execPath, [tsc, ...options, 'notices.ts', 'notices.test.ts'], { cwd: app }).catch((err: { stdout: string }) => err);
  t.equal(checked.stdout, '', 'no type errors');
  // Then run as the JavaScript tsc makes of them (no tsx in the empty project).
  for (const name of ['notices', 'notices.test']) {
    const source = readFileSync(join(app, `${name}.ts`), 'utf8');
    writeFileSync(join(app, `${name}.js`), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText);
  }
  const { stdout } = await run(process.execPath, ['--test', 'notices.test.js'], { cwd: app });
  t.match(stdout, /^# pass 3$/m);
  t.match(stdout, /^# fail 0$/m);
});

t.test("'umc-kit/client' loads nothing but itself: an integrator's service can ship with it", async (t) => {
  const dir = join(app, 'node_modules/umc-kit/dist/src/client');
  const imports = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/g)].map((m) => `${f}: ${m[1]}`));
  t.ok(imports.length > 5, `${imports.length} imports`);
  t.same(imports.filter((i) => !/: \.\/[\w-]+\.js$/.test(i)), [], 'only its own modules');
});

t.test('npx umc-mock on a free port, and npx umc-contract against it', async (t) => {
  // A process group of its own: npx runs the bin in a child of its own, and a signal must reach both.
  const mock = spawn('npx', ['--no-install', 'umc-mock', '--port', '0', '--seed', '9'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = () => {
    try {
      process.kill(-mock.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  t.teardown(stop);
  let banner = '';
  const url = await new Promise<string>((resolve, reject) => {
    mock.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString('utf8');
      const found = banner.match(/API\s+(http:\/\/127\.0\.0\.1:\d+)/);
      if (found) resolve(found[1]!);
    });
    mock.on('exit', (code) => reject(new Error(`umc-mock exited ${code}: ${banner}`)));
  });
  const health = (await (await fetch(`${url}/__umc/health`)).json()) as { service: string; version: string };
  t.match(health, { service: 'umc-mock', version: '0.1.0' });
  const contract = await run('npx', ['--no-install', 'umc-contract', '--base-url', url, '--reporter', 'json', '--seed', '3'], {
    cwd: app,
    env: { ...process.env, UMC_APP_ID: DEMO_APP.appId, UMC_APP_PASSWORD: DEMO_APP.appPassword },
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(contract.stdout) as { counts: { passed: number; failed: number } };
  t.equal(report.counts.failed, 0);
  t.ok(report.counts.passed > 30, `${report.counts.passed} cases passed`);
  const closed = new Promise((resolve) => mock.on('close', resolve));
  stop();
  await closed;
  t.match(banner, /收到SIGTERM，正在关闭/, 'SIGTERM closes it cleanly');
});
