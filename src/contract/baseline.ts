import type { AnswerShape, Observation, Profile } from './profile.js';
import type { Severity } from './types.js';

/**
 * A run compared with a saved profile (--baseline FILE): case by case, what a client of the
 * deployment would notice changed since then, and what was only reworded. Values that differ
 * from run to run by nature (ids, times, tokens, counts, how many items a list had) are never
 * compared: a profile does not hold them, and an empty list beside a filled one is no change.
 */

export type Aspect = 'step' | 'transport' | 'http-status' | 'location' | 'content-type' | 'rsp-code' | 'field' | 'id-shape' | 'rsp-msg';

export interface Change {
  /** The step of the case (an exchange label without poll counter). */
  step: string;
  aspect: Aspect;
  /** The thing that changed: the field path, "Content-Type", "rspCode", … */
  what: string;
  before: string;
  after: string;
  severity: Severity;
}

export interface Comparison {
  /** Cases present in both profiles. */
  compared: number;
  /** The changes of each case that has any, in the current run's case order. */
  changes: Record<string, Change[]>;
  /** Cases of the current run the baseline does not have (new cases, or the other mode). */
  notInBaseline: string[];
}

/** A step's observations as sets of values, one per aspect. */
interface StepView {
  transport: Set<string>;
  status: Set<string>;
  location: Set<string>;
  contentType: Set<string>;
  rspCode: Set<string>;
  rspMsg: Set<string>;
  bodies: Set<string>;
  /** Path → JSON types, over every JSON answer of the step. */
  fields: Map<string, Set<string>>;
  ids: Map<string, Set<string>>;
}

/** Media type and charset only: parameter order, spacing and case are not a change. */
function mediaType(contentType: string | null): string {
  if (contentType === null) return 'none';
  const [type, ...params] = contentType.split(';');
  const charset = params.find((p) => p.startsWith('charset='));
  return charset ? `${type};${charset}` : type!;
}

function rspCodeText(code: NonNullable<AnswerShape['rspCode']>): string {
  return code.type === 'string' ? `string "${code.value}"` : `${code.type} ${code.value}`;
}

function addAll(map: Map<string, Set<string>>, record: Record<string, string> | undefined): void {
  for (const [path, types] of Object.entries(record ?? {})) {
    const set = map.get(path) ?? new Set<string>();
    for (const type of types.split('|')) set.add(type);
    map.set(path, set);
  }
}

function view(observations: Observation[]): StepView {
  const v: StepView = { transport: new Set(), status: new Set(), location: new Set(), contentType: new Set(), rspCode: new Set(), rspMsg: new Set(), bodies: new Set(), fields: new Map(), ids: new Map() };
  for (const o of observations) {
    if ('transport' in o) {
      v.transport.add(o.transport);
      continue;
    }
    v.status.add(String(o.status));
    if (o.location !== undefined) v.location.add(o.location);
    v.contentType.add(mediaType(o.contentType));
    v.bodies.add(o.body);
    if (o.rspCode) v.rspCode.add(rspCodeText(o.rspCode));
    if (o.rspMsg !== undefined) v.rspMsg.add(JSON.stringify(o.rspMsg));
    addAll(v.fields, o.fields);
    addAll(v.ids, o.ids);
  }
  return v;
}

const sorted = (set: Set<string>): string[] => [...set].sort();
const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
const listed = (set: Set<string>): string => (set.size === 0 ? 'none' : sorted(set).join(', '));
const types = (set: Set<string>): string => sorted(set).join('|');

/** "a.b" → "a", "a[]" → "a", "rspCode" → "$" (the body). */
function parentPath(path: string): string {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '$' : path.slice(0, dot);
}

/**
 * Whether a path missing on the other side is a change of its own: not for an array's items
 * (whether a list had any is a count), and not below a container the other side lacks or typed
 * otherwise (that container's own change says it).
 */
function presenceMatters(path: string, other: Map<string, Set<string>>): boolean {
  if (path.endsWith('[]')) return false;
  return other.get(parentPath(path))?.has('object') ?? false;
}

function fieldChanges(step: string, before: StepView, after: StepView): Change[] {
  const change = (what: string, b: string, a: string): Change => ({ step, aspect: 'field', what, before: b, after: a, severity: 'client-visible' });
  const changes: Change[] = [];
  if (!sameSet(before.bodies, after.bodies)) changes.push(change('body kind', listed(before.bodies), listed(after.bodies)));
  // Without JSON on one side there are no fields to compare: the body's change says it all.
  if (before.fields.size === 0 || after.fields.size === 0) return changes;
  for (const path of [...new Set([...before.fields.keys(), ...after.fields.keys()])].sort()) {
    const b = before.fields.get(path);
    const a = after.fields.get(path);
    if (b && a) {
      if (!sameSet(b, a)) changes.push(change(path, types(b), types(a)));
    } else if (b && presenceMatters(path, after.fields)) changes.push(change(path, `present (${types(b)})`, 'absent'));
    else if (a && presenceMatters(path, before.fields)) changes.push(change(path, 'absent', `present (${types(a)})`));
  }
  return changes;
}

/** Ids of a path both sides have; whether the path is there at all is the field's change. */
function idChanges(step: string, before: StepView, after: StepView): Change[] {
  return [...before.ids.keys()]
    .sort()
    .filter((path) => after.ids.has(path) && !sameSet(before.ids.get(path)!, after.ids.get(path)!))
    .map((path) => ({ step, aspect: 'id-shape', what: path, before: types(before.ids.get(path)!), after: types(after.ids.get(path)!), severity: 'client-visible' }));
}

/** The changes of one step present on both sides, in the order of the aspects. */
function stepChanges(step: string, before: StepView, after: StepView): Change[] {
  const set = (aspect: Aspect, what: string, b: Set<string>, a: Set<string>, severity: Severity = 'client-visible'): Change[] =>
    sameSet(b, a) ? [] : [{ step, aspect, what, before: listed(b), after: listed(a), severity }];
  return [
    ...set('transport', 'transport', before.transport, after.transport),
    ...set('http-status', 'HTTP status', before.status, after.status),
    ...set('location', 'Location', before.location, after.location),
    ...set('content-type', 'Content-Type', before.contentType, after.contentType),
    ...set('rsp-code', 'rspCode', before.rspCode, after.rspCode),
    ...fieldChanges(step, before, after),
    ...idChanges(step, before, after),
    // Wording only where both sides have some: an rspMsg that went missing is the body's or the field's change.
    ...(before.rspMsg.size > 0 && after.rspMsg.size > 0 ? set('rsp-msg', 'rspMsg', before.rspMsg, after.rspMsg, 'wording') : []),
  ];
}

function caseChanges(before: Record<string, Observation[]>, after: Record<string, Observation[]>): Change[] {
  const steps = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return steps.flatMap((step): Change[] => {
    const b = Object.hasOwn(before, step) ? before[step] : undefined;
    const a = Object.hasOwn(after, step) ? after[step] : undefined;
    if (!b || !a) return [{ step, aspect: 'step', what: step, before: b ? 'present' : 'absent', after: a ? 'present' : 'absent', severity: 'client-visible' }];
    return stepChanges(step, view(b), view(a));
  });
}

/** What changed in each case both profiles have, from the baseline to the current run. */
export function compareProfiles(baseline: Profile, current: Profile): Comparison {
  const comparison: Comparison = { compared: 0, changes: {}, notInBaseline: [] };
  for (const [id, now] of Object.entries(current.cases)) {
    const then = Object.hasOwn(baseline.cases, id) ? baseline.cases[id] : undefined;
    if (!then) {
      comparison.notInBaseline.push(id);
      continue;
    }
    comparison.compared++;
    const changes = caseChanges(then.steps, now.steps);
    if (changes.length > 0) comparison.changes[id] = changes;
  }
  return comparison;
}
