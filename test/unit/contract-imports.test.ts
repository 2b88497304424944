// The contract suite judges a deployment by openapi.yaml alone: src/contract and contract-tests
// import nothing of the mock (its validator, domain, server, control plane or stores), so the
// mock is never checked against itself. (src/contract reaches a mock target's control plane over
// HTTP, through ControlClient: a client, not the mock.)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import t from 'tap';

const root = resolve(import.meta.dirname, '../..');
const FORBIDDEN = ['src/domain', 'src/server', 'src/control', 'src/store', 'src/spec/validate.ts', 'src/mock'];

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

t.test('src/contract and contract-tests import nothing of the mock', async (t) => {
  const checked = [...files('src/contract'), ...files('contract-tests')];
  t.ok(checked.length > 20, `${checked.length} files`);
  for (const file of checked) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)) {
      if (!spec!.startsWith('.')) continue;
      const target = relative(root, resolve(join(root, file, '..'), spec!)).replace(/\.js$/, '.ts');
      t.notOk(FORBIDDEN.some((f) => target === f || target.startsWith(`${f}/`)), `${file} → ${target}`);
    }
  }
});
