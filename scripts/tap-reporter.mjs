// npm test's reporter (package.json's tap.reporter): tap's own `base` on a terminal; anywhere else (CI, a
// pipe, a log file) a compact report: one line per test file, every failure in full (its names, the diff,
// where it happened, the source), then the counts. The whole TAP stream is still there behind a flag:
// `npm run test:tap` (`npm test -- --reporter=tap`), or TAP=1. The exit code is tap's in every case: a
// failing test fails the run.
//
// tap loads a reporter module with import() and instantiates its default export when that is a writable
// stream class, piping the TAP stream into it (and it into standard output); a React component it renders
// with Ink, as its built-in reporters. Off a terminal Ink redraws its live summary with cursor escapes,
// dozens of times a run, into the log; this reporter writes each line once. Plain JavaScript: tap's runner
// loads it without tsx.
import { Transform } from 'node:stream';
import { Parser } from 'tap-parser';
import { stringify } from 'yaml';

/** What the runner adds about a test file's process: how it was started, not why it failed. */
const RUNNER_KEYS = new Set(['args', 'command', 'cwd', 'env', 'externalID', 'jobId', 'stdio']);

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const indent = (text, by) => text.replace(/\n$/, '').split('\n').map((line) => (line ? by + line : line)).join('\n');

/** One failed test point: its full name (file > subtest > assertion) and its YAML diagnostics. */
function failureText(result, depth) {
  const diag = result.diag && typeof result.diag === 'object' ? Object.fromEntries(Object.entries(result.diag).filter(([key]) => depth > 0 || !RUNNER_KEYS.has(key))) : {};
  const name = result.fullname || result.name;
  const yaml = Object.keys(diag).length > 0 ? `\n${indent(stringify(diag, { lineWidth: 0 }), '      ')}` : '';
  return `  ✗ ${name}${yaml}\n`;
}

export class CompactReport extends Transform {
  #parser = new Parser();
  #started = Date.now();
  #files = { pass: 0, fail: 0, skip: 0 };
  #asserts = { pass: 0, fail: 0, todo: 0, skip: 0 };
  #failedFiles = [];
  #bailout = undefined;
  /** Each test file's subtest parser → its record: assertions, failures, failures printed. */
  #records = new Map();

  constructor() {
    super();
    // Every parser below the root is a test file (depth 1) or a subtest in one; each knows its file's record.
    const watch = (parser, depth, file) => {
      parser.on('child', (child) => {
        const record = depth === 0 ? { failures: [], asserts: 0, failed: 0 } : file;
        if (depth === 0) this.#records.set(child, record);
        child.printed = 0;
        parser.lastChild = child;
        watch(child, depth + 1, record);
      });
      parser.on('assert', (result) => (depth === 0 ? this.#fileEnded(parser, result) : this.#assert(parser, result, depth, file)));
    };
    watch(this.#parser, 0, undefined);
    this.#parser.on('bailout', (reason) => (this.#bailout = reason || true));
    this.#parser.on('complete', (results) => this.#summary(results));
  }

  #assert(parser, result, depth, file) {
    if (result.closingTestPoint) {
      // A subtest that failed with no failure of its own printed beneath it (a timeout, a throw between
      // assertions): its closing point is the failure to show.
      if (!result.ok && !result.todo && parser.lastChild?.printed === 0) this.#fail(parser, result, depth, file);
      return;
    }
    file.asserts++;
    if (result.todo) this.#asserts.todo++;
    else if (result.skip) this.#asserts.skip++;
    else if (result.ok) this.#asserts.pass++;
    else this.#fail(parser, result, depth, file);
  }

  #fail(parser, result, depth, file) {
    if (!result.closingTestPoint) {
      this.#asserts.fail++;
      file.failed++;
    }
    file.failures.push(failureText(result, depth));
    for (let p = parser; p; p = p.parent) p.printed = (p.printed ?? 0) + 1;
  }

  /** A test file's closing point at the root: its line, and its failures in full when it failed. */
  #fileEnded(root, result) {
    // A file's point closes its subtest; a file that never ran (skipped) has no subtest.
    const file = result.closingTestPoint ? this.#records.get(root.lastChild) : undefined;
    const time = result.time ? `, ${seconds(result.time)}` : '';
    if (result.skip) {
      this.#files.skip++;
      this.push(`skip  ${result.name}${typeof result.skip === 'string' ? ` (${result.skip})` : ''}\n`);
      return;
    }
    if (result.ok || result.todo) {
      this.#files.pass++;
      this.push(`ok    ${result.name}  (${plural(file?.asserts ?? 0, 'assert')}${time})\n`);
      return;
    }
    this.#files.fail++;
    this.#failedFiles.push(result.name);
    const failures = file?.failures ?? [];
    // A file that failed with nothing printed beneath it: an exit code, a signal, a timeout.
    if (failures.length === 0) failures.push(failureText(result, 0));
    const failed = file?.failed ?? 0;
    const what = failed > 0 ? `${failed} of ${plural(file.asserts, 'assert')} failed` : `${plural(file?.asserts ?? 0, 'assert')} passed, the process failed`;
    this.push(`FAIL  ${result.name}  (${what}${time})\n${failures.join('\n')}\n`);
  }


  #summary(results) {
    const lines = ['', '# umc-kit test summary'];
    if (this.#bailout) lines.push(`Bailed out: ${this.#bailout === true ? '(no reason given)' : this.#bailout}`);
    if (this.#failedFiles.length > 0) lines.push(`Failed: ${this.#failedFiles.join(', ')}`);
    const a = this.#asserts;
    lines.push(`Asserts: ${a.pass} pass, ${a.fail} fail${a.todo ? `, ${a.todo} todo` : ''}${a.skip ? `, ${a.skip} skip` : ''}`);
    const f = this.#files;
    lines.push(`Files:   ${f.pass} pass, ${f.fail} fail${f.skip ? `, ${f.skip} skip` : ''} (of ${f.pass + f.fail + f.skip})`);
    lines.push(`Time:    ${seconds(results.time ?? Date.now() - this.#started)}`);
    lines.push(results.ok && !this.#bailout ? 'PASS' : 'FAIL (npm run test:tap for the full TAP)');
    this.push(`${lines.join('\n')}\n`);
  }

  _transform(chunk, _encoding, done) {
    this.#parser.write(chunk);
    done();
  }

  _flush(done) {
    this.#parser.end();
    done();
  }
}

/** tap's default on a terminal (Ink's live view; tap's own package, loaded only there), the compact report anywhere else. */
export default process.stdout.isTTY ? (await import('@tapjs/reporter')).Base : CompactReport;
