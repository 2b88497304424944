import { spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

/** Which browser the tests drive, and the environment it needs to start. */
export interface ChromiumBinary {
  executablePath: string;
  env: Record<string, string>;
  source: 'UMC_CHROMIUM' | 'system' | 'bundled';
}

/** System builds, in the order a Debian or Ubuntu machine would have them. */
const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * `UMC_CHROMIUM=/path` names a browser; `UMC_BROWSER=bundled` skips the system ones (how the fallback is
 * tested on a machine that has them); otherwise a system Chromium or Chrome, else the build that the
 * `@sparticuz/chromium` package ships. Never a browser downloaded at test time.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  const named = env.UMC_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`UMC_CHROMIUM=${named}: no such file`);
    return { executablePath: named, env: {}, source: 'UMC_CHROMIUM' };
  }
  if (env.UMC_BROWSER !== 'bundled') {
    const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
    if (system) return { executablePath: system, env: {}, source: 'system' };
  }
  return bundledChromium();
}

let unpacking: Promise<ChromiumBinary> | undefined;

/** The package's brotli files unpacked once per version into the temp folder, shared by every test process. */
function bundledChromium(): Promise<ChromiumBinary> {
  unpacking ??= unpackBundled();
  return unpacking;
}

async function unpackBundled(): Promise<ChromiumBinary> {
  const packageRoot = dirname(dirname(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'))));
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const folder = join(tmpdir(), `umc-kit-chromium-${version}`);
  if (!existsSync(join(folder, 'chromium'))) {
    // Unpacked beside the cache and renamed into place: a rename is atomic, so a test process running at the
    // same time sees either no folder or a complete one (the loser of the race drops its copy).
    const staging = mkdtempSync(join(tmpdir(), 'umc-kit-chromium-unpack-'));
    try {
      const bin = join(packageRoot, 'bin');
      await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(staging, 'chromium')));
      chmodSync(join(staging, 'chromium'), 0o700);
      // al2023 holds the NSS and expat libraries the binary links, so no system package is needed.
      for (const tarball of ['al2023.tar.br', 'fonts.tar.br', 'swiftshader.tar.br']) await untar(join(bin, tarball), staging);
      // The package's fonts.conf names Lambda's folders; this one names where the fonts were unpacked.
      writeFileSync(join(staging, 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig><dir>${folder}/fonts</dir><cachedir>${folder}/fonts-cache</cachedir></fontconfig>\n`);
      try {
        renameSync(staging, folder);
      } catch (error) {
        if (!existsSync(join(folder, 'chromium'))) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const env: Record<string, string> = { LD_LIBRARY_PATH: [join(folder, 'lib'), folder, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  // The system's fontconfig (and its CJK fonts) when there is one, else the package's.
  if (!existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_PATH = folder;
  return { executablePath: join(folder, 'chromium'), env, source: 'bundled' };
}

async function untar(file: string, into: string): Promise<void> {
  const tarFile = join(into, 'unpacking.tar');
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(tarFile));
  const tar = spawnSync('tar', ['-x', '-f', tarFile, '-C', into], { encoding: 'utf8' });
  rmSync(tarFile);
  if (tar.status !== 0) throw new Error(`tar -x ${file}: ${tar.error?.message ?? tar.stderr}`);
}
