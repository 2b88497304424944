import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/**
 * The build (scripts/build.ts) stores each shipped YAML file as JSON, with a digest of the text it
 * came from: parsing openapi.yaml is most of a start-up, JSON.parse of the same is a millisecond.
 * A snapshot is used only when its digest matches the file as it is now, so an edited YAML file
 * (in development, or a stale build) is parsed again, never served stale.
 */
export const SNAPSHOT_DIR = join(PACKAGE_ROOT, 'dist', 'yaml');

export interface YamlSnapshot {
  source: string;
  document: unknown;
}

export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function snapshotFileOf(file: string): string {
  return join(SNAPSHOT_DIR, `${basename(file)}.json`);
}

function fromSnapshot(file: string, text: string): unknown {
  let snapshot: YamlSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotFileOf(file), 'utf8')) as YamlSnapshot;
  } catch {
    return undefined;
  }
  return snapshot.source === digestOf(text) ? snapshot.document : undefined;
}

/** yaml is CommonJS for Node: loaded synchronously, and only when a file has no snapshot. */
export function parseYaml(text: string): unknown {
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text);
}

/** A YAML file's document: its build snapshot when that is current, else parsed now. */
export function readYaml(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  return fromSnapshot(file, text) ?? parseYaml(text);
}
