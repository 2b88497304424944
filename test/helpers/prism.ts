// Stoplight Prism as a validating proxy in front of a server: `prism proxy openapi.yaml <upstream>`, as
// a child process on 127.0.0.1 and a port the system picks. Prism forwards every request and says what
// it found wrong with the request and with the answer (against openapi.yaml) in the `sl-violations`
// response header, and in a "Violation:" line of its log for every request, its own included (a
// Postman script's pm.sendRequest).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SPEC_PATH } from '../../src/spec/load.js';

const require = createRequire(import.meta.url);
const PRISM_BIN = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');

/** How long Prism may take to read openapi.yaml and listen (a loaded two-core machine: a few seconds). */
const START_TIMEOUT_MS = 60_000;

/** One finding of Prism: `location` starts with "request" or "response". */
export interface Violation {
  location: string[];
  severity: string;
  code: string;
  message: string;
}

export interface PrismProxy {
  /** http://127.0.0.1:PORT, Prism's own address. */
  url: string;
  /** The Violation lines of Prism's log so far ("request.body Request body must have…"). */
  loggedViolations(): string[];
  close(): Promise<void>;
}

/** The violations an answer carries in its sl-violations header (none: the header is absent). */
export function violationsOf(header: string | null | undefined): Violation[] {
  if (!header) return [];
  // Prism cuts a header past 8 KB and says so; what it cut is still a violation to report.
  if (header.startsWith('Too many violations!')) return [{ location: ['?'], severity: 'Error', code: 'too-many', message: header.slice(0, 200) }];
  return JSON.parse(header) as Violation[];
}

/** The violations found on the answer's side. */
export const responseSide = (violations: Violation[]) => violations.filter((v) => v.location[0] === 'response');
/** The violations found on the request's side. */
export const requestSide = (violations: Violation[]) => violations.filter((v) => v.location[0] === 'request');

/** One line per violation: "response.body.rspCode: Response body property rspCode must be string". */
export const describeViolation = (v: Violation) => `${v.location.join('.')}: ${v.message}`;

/**
 * `prism proxy openapi.yaml <upstream> -h 127.0.0.1 -p 0`: no --errors, so that every request reaches
 * the upstream and its answer comes back whatever Prism found (with --errors it answers a request it
 * finds wrong with 422 itself, and a wrong answer with a problem document instead of the answer).
 * Stopped (by its pid) at the test's end.
 */
export async function startPrism(t: { teardown(fn: () => unknown): void }, upstream: string, spec = SPEC_PATH): Promise<PrismProxy> {
  const child = spawn(process.execPath, [PRISM_BIN, 'proxy', spec, upstream, '-h', '127.0.0.1', '-p', '0', '--errors', 'false'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  let log = '';
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await closed;
  };
  t.teardown(close);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start within ${START_TIMEOUT_MS / 1000} s:\n${log}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const listening = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited (${code}) before listening:\n${log}`));
    });
  });
  return {
    url,
    loggedViolations: () => [...log.matchAll(/Violation: ([^\n]*)/g)].map((m) => m[1]!.trim()),
    close,
  };
}
