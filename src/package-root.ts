import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `dir` that holds a package.json. */
export function packageRootOf(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) throw new Error(`umc-kit: no package.json above ${dir}`);
  }
}

/**
 * umc-kit's own folder, where openapi.yaml, control-plane.yaml, fixtures/ and src/control/ui/ are:
 * found by walking up, because the code runs from src/ (tsx, in development) and from dist/src/
 * (compiled, as installed), one level deeper.
 */
export const PACKAGE_ROOT = packageRootOf(dirname(fileURLToPath(import.meta.url)));
