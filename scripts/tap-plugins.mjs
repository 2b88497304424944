// `npm test` runs this first (the pretest script): tap's test class must be built with the plugins that
// package.json names before tap starts. tap notices a mismatch itself, but only rebuilds for the *next*
// run: the run that noticed still starts every test file with the plugins of the build it found. A fresh
// `npm ci` installs tap built with its defaults, @tapjs/typescript among them, whose ts-node loader then
// compiles every test process's TypeScript again beside tsx (several seconds of CPU a file, so the whole
// first run, as on CI, took about twice as long). Plain JavaScript, so that checking costs well under a second.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TapConfig } from '@tapjs/config';

const config = await TapConfig.load();
const built = readFileSync(fileURLToPath(import.meta.resolve('@tapjs/test/test-built')), 'utf8').match(/^export const signature = `([^`]*)`/m)?.[1];
if (built?.trim() !== config.pluginSignature) {
  const tap = fileURLToPath(import.meta.resolve('tap/package.json')).replace(/package\.json$/, '');
  const bin = JSON.parse(readFileSync(`${tap}package.json`, 'utf8')).bin.tap;
  console.error('umc-kit: building tap with the plugins package.json names (once after npm ci)');
  const res = spawnSync(process.execPath, [`${tap}${bin}`, 'build'], { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
