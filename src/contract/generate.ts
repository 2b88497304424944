import type { JsonSchema, LoadedSpec, OperationSpec, ParamSpec } from '../spec/load.js';
import { codeAssumption, ruleAssumption } from './basis.js';
import type { Assumption, Passage } from './types.js';

export type Params = Record<string, unknown>;

/** One way to make an otherwise valid request invalid, on one named field. */
export interface Mutation {
  field: string;
  /** Short id part: missing, too-long, illegal-enum, … */
  kind: string;
  /** What is sent, in words, for the case title. */
  describe: string;
  apply(params: Params): void;
  /** The document passage that forbids the value; absent when the rule is ours (x-umc-assumed, or no phrase). */
  doc?: Passage;
  /** The rule as our assumption, when the document does not state it. */
  assumption?: Assumption;
  /** The rspCode openapi.yaml gives this rejection (the field's x-umc-error-code, else 500001). */
  code: string;
  /** The assumption that this code, rather than another documented one, comes. */
  codeAssumption: Assumption;
}

function illegalFor(test: (value: string) => boolean, candidates: string[]): string | undefined {
  return candidates.find((c) => !test(c));
}

function assumedKeywords(schema: JsonSchema): Set<string> {
  return new Set(Array.isArray(schema['x-umc-assumed']) ? (schema['x-umc-assumed'] as string[]) : []);
}

/** The phrase of the document behind one rule keyword of a parameter, if the document states it. */
function passageFor(op: OperationSpec, p: ParamSpec, keyword: string): Passage | undefined {
  if (assumedKeywords(p.schema).has(keyword)) return undefined;
  const phrases = (p.schema['x-umc-doc'] ?? {}) as Record<string, string>;
  if (typeof phrases[keyword] === 'string') return { section: op.section, phrase: phrases[keyword] };
  // Every documented parameter table has a 是否必须 column: "是" is the document's word.
  if (keyword === 'required') return { section: op.section, phrase: `${p.name} 是否必须：是` };
  return undefined;
}

/** Mutations of one parameter, read from its schema. */
function paramMutations(op: OperationSpec, p: ParamSpec, random: () => number): Omit<Mutation, 'code' | 'codeAssumption'>[] {
  const { name, schema } = p;
  const out: Omit<Mutation, 'code' | 'codeAssumption'>[] = [];
  const rule = (keyword: string, words: string) => {
    const doc = passageFor(op, p, keyword);
    return doc ? { doc } : { assumption: ruleAssumption(op.operationId, name, keyword, words) };
  };
  const set = (value: unknown) => (params: Params) => {
    params[name] = value;
  };
  const filler = (n: number) => {
    // Seeded letters, so --seed reproduces the exact value.
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(97 + Math.floor(random() * 26));
    return s;
  };
  if (p.required) out.push({ field: name, kind: 'missing', describe: `${name} missing`, apply: (q) => void delete q[name], ...rule('required', '必填') });
  if (typeof schema.maxLength === 'number') {
    const n = schema.maxLength + 1;
    out.push({ field: name, kind: 'too-long', describe: `${name} of ${n} characters (limit ${schema.maxLength})`, apply: set(filler(n)), ...rule('maxLength', `最长${schema.maxLength}个字符`) });
  }
  if (typeof schema['x-umc-max-bytes'] === 'number') {
    const limit = schema['x-umc-max-bytes'] as number;
    const head = 'https://example.invalid/';
    out.push({ field: name, kind: 'too-many-bytes', describe: `${name} of ${limit + 1} bytes (limit ${limit})`, apply: set(head + filler(limit + 1 - head.length)), ...rule('x-umc-max-bytes', `最长${limit}字节`) });
  }
  if (Array.isArray(schema.enum)) {
    const allowed = (schema.enum as unknown[]).map(String);
    const value = illegalFor((v) => allowed.includes(v), ['9', '-1', 'x'])!;
    out.push({ field: name, kind: 'illegal-enum', describe: `${name}=${value} (allowed ${allowed.join('/')})`, apply: set(value), ...rule('enum', `只能是${allowed.join('/')}`) });
  }
  const patterns: { pattern: string; doc?: string }[] = [];
  if (typeof schema.pattern === 'string') patterns.push({ pattern: schema.pattern });
  for (const sub of (schema.allOf ?? []) as JsonSchema[]) {
    if (typeof sub.pattern === 'string') patterns.push({ pattern: sub.pattern, doc: typeof sub['x-umc-doc'] === 'string' ? (sub['x-umc-doc'] as string) : undefined });
  }
  for (const { pattern, doc } of patterns) {
    const re = new RegExp(pattern, 'u');
    const value = illegalFor((v) => re.test(v), ['umc-contract-invalid', 'ftp://example.invalid/', '9']);
    if (!value) continue;
    const basis = doc && !assumedKeywords(schema).has('pattern') ? { doc: { section: op.section, phrase: doc } } : rule('pattern', `须匹配${pattern}`);
    out.push({ field: name, kind: 'pattern-mismatch', describe: `${name}=${value} (must match ${pattern})`, apply: set(value), ...basis });
  }
  if (schema.type === 'integer') {
    out.push({ field: name, kind: 'not-integer', describe: `${name}=abc (an integer)`, apply: set('abc'), ...rule('type', '须为整数') });
    if (typeof schema.minimum === 'number') {
      out.push({ field: name, kind: 'below-minimum', describe: `${name}=${schema.minimum - 1} (minimum ${schema.minimum})`, apply: set(String(schema.minimum - 1)), ...rule('minimum', `不小于${schema.minimum}，否则拒绝而不是截断`) });
    }
    if (typeof schema.maximum === 'number') {
      out.push({ field: name, kind: 'above-maximum', describe: `${name}=${schema.maximum + 1} (maximum ${schema.maximum})`, apply: set(String(schema.maximum + 1)), ...rule('maximum', `不大于${schema.maximum}，否则拒绝而不是截断`) });
    }
  }
  if (schema.contentMediaType === 'application/json') {
    const content = (schema.contentSchema ?? {}) as JsonSchema;
    out.push({ field: name, kind: 'malformed-json', describe: `${name} is not valid JSON ([{"userId":…)`, apply: set('[{"userId":"umc-contract-nobody"'), ...rule('contentMediaType', '须为JSON') });
    if (content.type === 'array') {
      out.push({ field: name, kind: 'not-an-array', describe: `${name} is a JSON object, not an array`, apply: set('{"userId":"umc-contract-nobody"}'), ...rule('contentMediaType', '须为JSON数组') });
      if (typeof content.minItems === 'number' && content.minItems > 0) out.push({ field: name, kind: 'empty-array', describe: `${name}=[]`, apply: set('[]'), ...rule('minItems', '不能为空数组') });
      const item = (content.items ?? {}) as JsonSchema;
      for (const key of (item.required ?? []) as string[]) {
        out.push({ field: name, kind: `item-without-${key}`, describe: `${name} item without ${key}`, apply: set(JSON.stringify([{ name: 'umc-contract' }])), ...rule('items', `每项须有${key}`) });
      }
    }
  }
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    out.push({ field: name, kind: 'wrong-shape', describe: `${name} whose entries are not objects`, apply: set({ keyword1: 'umc-contract' }), ...rule('additionalProperties', '每项须为{value}对象') });
  }
  return out;
}

/** Cross-field rules (allOf: if X is V then Y is required / must match). */
function ruleMutations(op: OperationSpec): Omit<Mutation, 'code' | 'codeAssumption'>[] {
  const out: Omit<Mutation, 'code' | 'codeAssumption'>[] = [];
  for (const rule of (op.paramsSchema.allOf ?? []) as JsonSchema[]) {
    const when = (rule.if as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined;
    const then = rule.then as JsonSchema | undefined;
    if (!when || !then) continue;
    const [trigger, cond] = Object.entries(when)[0] ?? [];
    if (!trigger || cond?.const === undefined) continue;
    const value = String(cond.const);
    const phrase = typeof then['x-umc-doc'] === 'string' ? (then['x-umc-doc'] as string) : undefined;
    for (const needed of (then.required ?? []) as string[]) {
      out.push({
        field: needed,
        kind: `required-when-${trigger}-${value}`,
        describe: `${trigger}=${value} without ${needed}`,
        apply: (p) => {
          p[trigger] = value;
          delete p[needed];
        },
        ...(phrase ? { doc: { section: op.section, phrase } } : { assumption: ruleAssumption(op.operationId, needed, `required-when-${trigger}`, `${trigger}=${value}时必填`) }),
      });
    }
    for (const [field, sub] of Object.entries((then.properties ?? {}) as Record<string, JsonSchema>)) {
      if (typeof sub.pattern !== 'string') continue;
      const re = new RegExp(sub.pattern as string, 'u');
      const bad = illegalFor((v) => re.test(v), ['umc-contract: not a link', 'ftp://example.invalid/']);
      if (!bad) continue;
      out.push({
        field,
        kind: `pattern-when-${trigger}-${value}`,
        describe: `${trigger}=${value} with ${field}=${bad}`,
        apply: (p) => {
          p[trigger] = value;
          p[field] = bad;
        },
        ...(phrase ? { doc: { section: op.section, phrase } } : { assumption: ruleAssumption(op.operationId, field, `pattern-when-${trigger}`, `${trigger}=${value}时须匹配${sub.pattern}`) }),
      });
    }
  }
  return out;
}

/**
 * The rejection cases of one operation, read from openapi.yaml alone: every required parameter
 * missing, every length limit + 1, every enum with an illegal value, every pattern broken, every
 * JSON parameter malformed, every cross-field rule broken. Each mutates one field of a valid
 * baseline; the expected code is the field's x-umc-error-code (else 500001).
 */
export function negativeCases(op: OperationSpec, random: () => number, skipParams: string[] = ['token']): Mutation[] {
  const byName = new Map(op.params.map((p) => [p.name, p]));
  const mutations = [...op.params.filter((p) => !skipParams.includes(p.name)).flatMap((p) => paramMutations(op, p, random)), ...ruleMutations(op)];
  return mutations.map((m) => {
    const code = byName.get(m.field)?.errorCode ?? '500001';
    return { ...m, code, codeAssumption: codeAssumption(op.operationId, m.field, code) };
  });
}

/** The request example an operation carries in openapi.yaml (requestBody examples), if any. */
export function requestExample(spec: LoadedSpec, op: OperationSpec): Record<string, unknown> | undefined {
  const raw = (spec.document.paths?.[op.path] as Record<string, any> | undefined)?.[op.method.toLowerCase()];
  const content = raw?.requestBody?.content ?? {};
  const media = content['application/json'] ?? content['application/x-www-form-urlencoded'];
  const examples = media?.examples as Record<string, { value?: unknown }> | undefined;
  const first = media?.example ?? (examples ? Object.values(examples)[0]?.value : undefined);
  return first && typeof first === 'object' ? structuredClone(first as Record<string, unknown>) : undefined;
}
