import type { JsonSchema, LoadedSpec, OperationSpec } from '../spec/load.js';
import { compileParamValidator, createAjv, type Params } from '../spec/validate.js';

/** One way to make an otherwise valid request invalid, on one named field. */
export interface Mutation {
  field: string;
  /** Short id part: missing, too-long, illegal-enum, … */
  kind: string;
  /** What is sent, in words, for the case title. */
  describe: string;
  apply(params: Params): void;
}

function illegalFor(test: (value: string) => boolean, candidates: string[]): string | undefined {
  return candidates.find((c) => !test(c));
}

/** Mutations of one parameter, read from its schema. */
function paramMutations(name: string, schema: JsonSchema, required: boolean, random: () => number): Mutation[] {
  const out: Mutation[] = [];
  const set = (value: unknown) => (params: Params) => {
    params[name] = value;
  };
  const filler = (n: number) => {
    // Seeded letters, so --seed reproduces the exact value.
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(97 + Math.floor(random() * 26));
    return s;
  };
  if (required) out.push({ field: name, kind: 'missing', describe: `${name} missing`, apply: (p) => void delete p[name] });
  if (typeof schema.maxLength === 'number') {
    const n = schema.maxLength + 1;
    out.push({ field: name, kind: 'too-long', describe: `${name} of ${n} characters (limit ${schema.maxLength})`, apply: set(filler(n)) });
  }
  if (typeof schema['x-umc-max-bytes'] === 'number') {
    const limit = schema['x-umc-max-bytes'] as number;
    const head = 'https://example.invalid/';
    out.push({ field: name, kind: 'too-many-bytes', describe: `${name} of ${limit + 1} bytes (limit ${limit})`, apply: set(head + filler(limit + 1 - head.length)) });
  }
  if (Array.isArray(schema.enum)) {
    const allowed = (schema.enum as unknown[]).map(String);
    const value = illegalFor((v) => allowed.includes(v), ['9', '-1', 'x'])!;
    out.push({ field: name, kind: 'illegal-enum', describe: `${name}=${value} (allowed ${allowed.join('/')})`, apply: set(value) });
  }
  if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern as string, 'u');
    const value = illegalFor((v) => re.test(v), ['umc-contract-invalid', 'ftp://example.invalid/', '9']);
    if (value) out.push({ field: name, kind: 'pattern-mismatch', describe: `${name}=${value} (must match ${schema.pattern})`, apply: set(value) });
  }
  if (schema.type === 'integer') {
    out.push({ field: name, kind: 'not-integer', describe: `${name}=abc (an integer)`, apply: set('abc') });
    if (typeof schema.minimum === 'number') {
      out.push({ field: name, kind: 'below-minimum', describe: `${name}=${schema.minimum - 1} (minimum ${schema.minimum})`, apply: set(String(schema.minimum - 1)) });
    }
    if (typeof schema.maximum === 'number') {
      out.push({ field: name, kind: 'above-maximum', describe: `${name}=${schema.maximum + 1} (maximum ${schema.maximum})`, apply: set(String(schema.maximum + 1)) });
    }
  }
  if (schema.contentMediaType === 'application/json') {
    const content = (schema.contentSchema ?? {}) as JsonSchema;
    out.push({ field: name, kind: 'malformed-json', describe: `${name} is not valid JSON ([{"userId":…)`, apply: set('[{"userId":"umc-contract-nobody"') });
    if (content.type === 'array') {
      out.push({ field: name, kind: 'not-an-array', describe: `${name} is a JSON object, not an array`, apply: set('{"userId":"umc-contract-nobody"}') });
      if (typeof content.minItems === 'number' && content.minItems > 0) out.push({ field: name, kind: 'empty-array', describe: `${name}=[]`, apply: set('[]') });
      const item = (content.items ?? {}) as JsonSchema;
      for (const key of (item.required ?? []) as string[]) {
        out.push({ field: name, kind: `item-without-${key}`, describe: `${name} item without ${key}`, apply: set(JSON.stringify([{ name: 'umc-contract' }])) });
      }
    }
  }
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    out.push({ field: name, kind: 'wrong-shape', describe: `${name} whose entries are not objects`, apply: set({ keyword1: 'umc-contract' }) });
  }
  return out;
}

/** Cross-field rules (allOf: if X is V then Y is required / must match). */
function ruleMutations(op: OperationSpec): Mutation[] {
  const out: Mutation[] = [];
  for (const rule of (op.paramsSchema.allOf ?? []) as JsonSchema[]) {
    const when = (rule.if as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined;
    const then = rule.then as JsonSchema | undefined;
    if (!when || !then) continue;
    const [trigger, cond] = Object.entries(when)[0] ?? [];
    if (!trigger || cond?.const === undefined) continue;
    const value = String(cond.const);
    for (const needed of (then.required ?? []) as string[]) {
      out.push({
        field: needed,
        kind: `required-when-${trigger}-${value}`,
        describe: `${trigger}=${value} without ${needed}`,
        apply: (p) => {
          p[trigger] = value;
          delete p[needed];
        },
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
      });
    }
  }
  return out;
}

export interface GeneratedNegative {
  mutation: Mutation;
  /** The code the spec gives this rejection (what the mock's validator, compiled from the spec, answers). */
  code: string;
}

/**
 * The rejection cases of one operation: every required parameter missing, every length limit
 * + 1, every enum with an illegal value, every pattern broken, every JSON parameter malformed,
 * every cross-field rule broken. Each mutates one field of a valid baseline; the expected code
 * is computed from openapi.yaml, and a mutation that would not be rejected on its own field
 * is a bug in the generator (thrown, so the suite's own tests catch it).
 */
export function negativeCases(op: OperationSpec, baseline: Params, random: () => number, skipParams: string[] = ['token']): GeneratedNegative[] {
  const validate = compileParamValidator(createAjv(), op);
  const base = validate(structuredClone(baseline));
  if (!base.ok) throw new Error(`contract baseline for ${op.operationId} is not valid: ${base.issues.map((i) => i.rspMsg).join('; ')}`);
  const mutations = [
    ...op.params.filter((p) => !skipParams.includes(p.name)).flatMap((p) => paramMutations(p.name, p.schema, p.required, random)),
    ...ruleMutations(op),
  ];
  return mutations.map((mutation) => {
    const params = structuredClone(baseline);
    mutation.apply(params);
    const result = validate(structuredClone(params));
    if (result.ok) throw new Error(`generated case ${op.operationId}/${mutation.field}/${mutation.kind} is valid per openapi.yaml`);
    const first = result.issues[0]!;
    if (first.param !== mutation.field) {
      throw new Error(`generated case ${op.operationId}/${mutation.field}/${mutation.kind} is rejected on ${first.param} instead`);
    }
    return { mutation, code: first.rspCode };
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
