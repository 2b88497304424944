import type { LoadedSpec } from './load.js';

/** Every x-umc-assumption in the spec (operation level and inside schemas), by operation. */
export function collectAssumptions(spec: LoadedSpec): { section: string; path: string; notes: string[] }[] {
  const out = new Map<string, { section: string; path: string; notes: string[] }>();
  const paths = (spec.document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const op of spec.operations) {
    const raw = paths[op.path]?.[op.method.toLowerCase()];
    const notes: string[] = [];
    walk(raw, notes);
    const key = `${op.section} ${op.path}`;
    const entry = out.get(key) ?? { section: op.section, path: op.path, notes: [] };
    for (const note of notes) if (!entry.notes.includes(note)) entry.notes.push(note);
    out.set(key, entry);
  }
  return [...out.values()].sort((a, b) => a.section.localeCompare(b.section, 'en', { numeric: true }));
}

function walk(node: unknown, notes: string[]): void {
  if (Array.isArray(node)) return node.forEach((item) => walk(item, notes));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-umc-assumption') notes.push(...(Array.isArray(value) ? value.map(String) : [String(value)]));
    else walk(value, notes);
  }
}

/**
 * The decisions that hold for every operation: the top-level x-umc-assumption of the spec, and those of
 * the other top-level conventions (x-umc-servlet-parameters: how parameters are read).
 */
export function generalAssumptions(spec: LoadedSpec): string[] {
  const notes: string[] = [];
  for (const [key, value] of Object.entries(spec.document as Record<string, unknown>)) {
    if (key.startsWith('x-umc-')) walk({ [key]: value }, notes);
  }
  return notes;
}

export const ASSUMPTIONS_START = '<!-- assumptions:start (generated from openapi.yaml by `npm run docs`) -->';
export const ASSUMPTIONS_END = '<!-- assumptions:end -->';

export function assumptionsMarkdown(spec: LoadedSpec): string {
  const lines: string[] = [];
  const general = generalAssumptions(spec);
  if (general.length > 0) lines.push('- **通用（所有接口）**', ...general.map((note) => `  - ${note.replace(/\s*\n\s*/g, ' ')}`));
  for (const { section, path, notes } of collectAssumptions(spec)) {
    if (notes.length === 0) continue;
    lines.push(`- **${section} \`${path}\`**`);
    for (const note of notes) lines.push(`  - ${note.replace(/\s*\n\s*/g, ' ')}`);
  }
  return lines.join('\n');
}

/** docs/known-differences.md's text with its generated section replaced. */
export function withAssumptions(page: string, spec: LoadedSpec): string {
  const start = page.indexOf(ASSUMPTIONS_START);
  const end = page.indexOf(ASSUMPTIONS_END);
  if (start < 0 || end < start) throw new Error('docs/known-differences.md lacks the assumptions markers');
  return `${page.slice(0, start + ASSUMPTIONS_START.length)}\n${assumptionsMarkdown(spec)}\n${page.slice(end)}`;
}
