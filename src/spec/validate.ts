import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, KeywordCxt, ValidateFunction } from 'ajv/dist/2020.js';
import { RSP_CODES, isRspCode, type RspCode } from '../domain/codes.js';
import type { JsonSchema, OperationSpec, ParamSpec } from './load.js';

// ajv is loaded when a schema is first compiled, not at start: the shipped specs' validators come
// precompiled from the build (precompiled-params.ts), so a start that compiles nothing never loads it.
const require = createRequire(import.meta.url);
type AjvModule = typeof import('ajv/dist/2020.js');
let ajvModule: AjvModule | undefined;
const loadAjv = (): AjvModule => (ajvModule ??= require('ajv/dist/2020.js') as AjvModule);
// ajv-formats is CommonJS: its function is the module itself (or .default).
function loadAddFormats(): (ajv: Ajv2020) => void {
  const mod = require('ajv-formats') as { default?: unknown };
  return (mod.default ?? mod) as (ajv: Ajv2020) => void;
}

/** Parameters as the servlet would hand them over: name → value (string, or JSON value). */
export type Params = Record<string, unknown>;

/**
 * The longest request text (characters) a parameter's value may be a view of, unless the value is
 * at least half of it. V8 keeps the whole text alive behind any slice of it, and what keeps a
 * parameter (the journal, a stored message) would keep the request: the reader copies the other
 * values of a longer text (src/mock/servlet-params.ts).
 */
export const MAX_TEXT_SHARED_BY_PARAMS = 2048;

/**
 * Sets a parameter. Params are plain objects, not Object.create(null): those stay in V8's slow
 * dictionary layout, and every read of them (ajv's code, the domain) paid for it. A parameter
 * named __proto__ is still just data.
 */
export function setParam(into: Params, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
  else into[name] = value;
}

/**
 * JSON as Jackson binds it to the platform's fields: a property whose value is null is absent, at any
 * depth (`{"value": null}` is `{}`). Arrays keep their elements. In place; `text` (the JSON's source)
 * spares the walk when no null can be in it.
 */
export function dropJsonNulls(value: unknown, text?: string): void {
  if (text !== undefined && !text.includes('null')) return;
  if (Array.isArray(value)) {
    for (const item of value) dropJsonNulls(item);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (obj[key] === null) delete obj[key];
      else dropJsonNulls(obj[key]);
    }
  }
}

export interface ValidationIssue {
  /** The top-level parameter at fault. */
  param: string;
  /**
   * The check that failed: its keyword (required, maxLength, enum, pattern, type…), or content.* for
   * the content of a JSON-text parameter (content.json when it is not JSON at all). A deployment
   * profile answers a rule its own way (src/spec/deployment-choices.ts).
   */
  rule: string;
  rspCode: RspCode;
  rspMsg: string;
  /** What was wrong, for the journal, when rspMsg is the catalogue's fixed text (not 500001). */
  detail?: string;
}

export type ValidationResult = { ok: true; params: Params } | { ok: false; issues: ValidationIssue[] };

/**
 * Form values are strings, so the API's validators coerce; JSON control bodies are taken as typed.
 * `standalone`: for validators written out as code at build time (the formats then come from ajv-formats by require).
 */
export function createAjv({ coerce = true, standalone = false } = {}): Ajv2020 {
  // validateSchema off: the schemas are our own files, checked against the meta-schema by
  // test/unit/schemas-meta.test.ts; compiling the meta-schema first cost every start ~100 ms per instance.
  const { Ajv2020: AjvClass, _ } = loadAjv();
  const code = standalone ? { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } } : {};
  const ajv = new AjvClass({ allErrors: true, coerceTypes: coerce, useDefaults: true, verbose: true, strict: false, validateSchema: false, ...code });
  loadAddFormats()(ajv);
  ajv.addFormat('password', true);
  // As code, not a function: validators written out by the build (standalone) carry it inline.
  ajv.addKeyword({
    keyword: 'x-umc-max-bytes',
    type: 'string',
    schemaType: 'number',
    code: (cxt: KeywordCxt) => cxt.fail(_`Buffer.byteLength(${cxt.data}, "utf8") > ${cxt.schema}`),
  });
  return ajv;
}

function pathLabel(base: string, segments: string[]): string {
  return segments.reduce((label, seg) => (/^\d+$/.test(seg) ? `${label}[${seg}]` : label ? `${label}.${seg}` : seg), base);
}

function defaultMessage(field: string, err: ErrorObject): string {
  const p = err.params as Record<string, any>;
  switch (err.keyword) {
    case 'required':
      return `${field}不能为空`;
    case 'minLength':
      return p.limit <= 1 ? `${field}不能为空` : `${field}长度不能少于${p.limit}`;
    case 'maxLength':
      return `${field}长度不能超过${p.limit}`;
    case 'x-umc-max-bytes':
      return `${field}长度不能超过${err.schema}字节`;
    case 'enum':
      return `${field}取值不合法，可选值：${(p.allowedValues as unknown[]).join('、')}`;
    case 'const':
      return `${field}取值必须为${String(p.allowedValue)}`;
    case 'type': {
      const names: Record<string, string> = { integer: '整数', number: '数字', string: '字符串', object: 'JSON对象', array: 'JSON数组', boolean: '布尔值' };
      return `${field}必须是${names[String(p.type)] ?? p.type}`;
    }
    case 'minimum':
      return `${field}不能小于${p.limit}`;
    case 'maximum':
      return `${field}不能大于${p.limit}`;
    case 'minItems':
      return p.limit <= 1 ? `${field}不能为空数组` : `${field}至少需要${p.limit}项`;
    case 'maxItems':
      return `${field}最多${p.limit}项`;
    case 'additionalProperties':
      return `${field}不能包含字段${p.additionalProperty}`;
    default:
      return `${field}格式不正确`;
  }
}

/** The nearest x-umc-message on the way from the root schema to the failing keyword. */
function customMessage(root: JsonSchema, schemaPath: string): string | undefined {
  let at: unknown = root;
  let message = typeof root['x-umc-message'] === 'string' ? (root['x-umc-message'] as string) : undefined;
  for (const seg of schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1)) {
    at = (at as Record<string, unknown> | undefined)?.[seg];
    const m = (at as Record<string, unknown> | undefined)?.['x-umc-message'];
    if (typeof m === 'string') message = m;
  }
  return message;
}

// Keywords that only summarise other failures.
const SUMMARY_KEYWORDS = new Set(['if', 'oneOf', 'anyOf', 'allOf', 'not']);
const KEYWORD_RANK: Record<string, number> = { required: 0, type: 1, minLength: 2 };

interface RawIssue extends ValidationIssue {
  rank: number;
}

/** 500001 names the field in rspMsg; any other code answers its catalogue text, the rule goes to the journal. */
function issueMessage(code: RspCode, detail: string): Pick<ValidationIssue, 'rspCode' | 'rspMsg' | 'detail'> {
  return code === '500001' ? { rspCode: code, rspMsg: detail } : { rspCode: code, rspMsg: RSP_CODES[code], detail };
}

function toIssues(errors: ErrorObject[], root: JsonSchema, base: string, paramsByName: Map<string, ParamSpec>): RawIssue[] {
  const real = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  return real.map((err) => {
    const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (err.keyword === 'required') segments.push(String((err.params as { missingProperty: string }).missingProperty));
    const field = pathLabel(base, segments);
    const param = base || segments[0] || '';
    const spec = paramsByName.get(param);
    const code = spec && isRspCode(spec.errorCode) ? spec.errorCode : '500001';
    const detail = customMessage(root, err.schemaPath)?.replace('{field}', field) ?? defaultMessage(field, err);
    return { param, rule: base ? `content.${err.keyword}` : err.keyword, ...issueMessage(code, detail), rank: KEYWORD_RANK[err.keyword] ?? 3 };
  });
}

/** One message for a failed schema check outside the business API (control plane, fixtures). */
export function describeSchemaError(errors: ErrorObject[], root: JsonSchema, base = '', whole = '请求体'): string {
  const real = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const err = real[0] ?? errors[0];
  if (!err) return '不合法';
  const segments = err.instancePath.split('/').slice(1);
  if (err.keyword === 'required') segments.push(String((err.params as { missingProperty: string }).missingProperty));
  const field = pathLabel(base, segments) || whole;
  return customMessage(root, err.schemaPath) ?? defaultMessage(field, err);
}

const NOT_BLANK = /\S/;

const JAVA_INT = /^[+-]?\p{Nd}+$/u;
const DECIMAL_DIGIT = /\p{Nd}/u;

/** A decimal digit's value, ASCII or not (Unicode's decimal digits come in runs of ten, 0 to 9). */
function digitValue(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return code - 48;
  let start = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/**
 * A parameter's text read as Java's Integer.parseInt reads it: an optional sign and decimal digits (any
 * script's, as Character.digit takes them: "１０" is 10), within int's range; anything else ("1.0", " 1",
 * "1e1", "0x10", "99999999999") is NaN, which the schema's integer type then refuses.
 */
export function javaParseInt(text: string): number {
  if (!JAVA_INT.test(text)) return Number.NaN;
  const negative = text[0] === '-';
  let value = 0;
  for (const ch of text.replace(/^[+-]/, '')) {
    value = value * 10 + digitValue(ch);
    if (value > 2 ** 31) return Number.NaN;
  }
  if (!negative && value === 2 ** 31) return Number.NaN;
  return negative ? 0 - value : value;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && !NOT_BLANK.test(value));
}

/** Where an operation's schemas are compiled: ajv now, or the build's code (keys: paramSchemaKeys). */
export type SchemaCompiler = (schema: JsonSchema, key: string) => ValidateFunction;

/** The schemas an operation's validator compiles, by key: its parameters, and each JSON-text parameter's content. */
export function paramSchemas(op: OperationSpec): [string, JsonSchema][] {
  return [
    [op.operationId, op.paramsSchema],
    ...op.params.filter((p) => p.schema.contentMediaType === 'application/json' && p.schema.contentSchema).map((p): [string, JsonSchema] => [`${op.operationId}/${p.name}`, p.schema.contentSchema as JsonSchema]),
  ];
}

/** A parameter check: at once, or (steps) with the items of a long JSON array checked CONTENT_SLICE at a time. */
export type ParamCheck = ((input: Params) => ValidationResult) & { steps(input: Params): Generator<void, ValidationResult> };

/** Items of a JSON-array parameter checked in one turn; a longer array is checked this many at a time (ParamCheck.steps). */
export const CONTENT_SLICE = 5000;

/**
 * Whether an array schema can be checked a slice of items at a time with the same result: nothing
 * but its items and a minItems that any non-empty slice meets (receivers: an array of at least one).
 */
function checkableInSlices(schema: JsonSchema): boolean {
  return schema.type === 'array' && typeof schema.items === 'object' && ((schema.minItems as number | undefined) ?? 0) <= 1 && Object.keys(schema).every((key) => ['type', 'items', 'minItems', 'description'].includes(key) || key.startsWith('x-'));
}

/** A slice's errors as the whole array's: their item index moved by where the slice starts. */
function shifted(errors: ErrorObject[], from: number): ErrorObject[] {
  return from === 0 ? errors : errors.map((err) => ({ ...err, instancePath: err.instancePath.replace(/^\/(\d+)/, (_, i: string) => `/${Number(i) + from}`) }));
}

/**
 * An operation's parameter rules from the spec, as a check (each schema compiled by `ajvOrCompiler`,
 * or taken from the build's code). Issues come back ordered as the parameters are in the spec, so
 * the first one names the field a servlet would reject first.
 */
export function compileParamValidator(ajvOrCompiler: Ajv2020 | SchemaCompiler, op: OperationSpec): ParamCheck {
  const compile: SchemaCompiler = typeof ajvOrCompiler === 'function' ? ajvOrCompiler : (schema) => ajvOrCompiler.compile(schema);
  const validate = compile(op.paramsSchema, op.operationId);
  const paramsByName = new Map(op.params.map((p) => [p.name, p]));
  const order = new Map(op.params.map((p, i) => [p.name, i]));
  // Integer parameters are read as the servlet's Integer.parseInt reads them, not by ajv's looser coercion.
  const integers = new Set(op.params.filter((p) => p.schema.type === 'integer').map((p) => p.name));
  const jsonContent: { name: string; schema: JsonSchema; validate: ValidateFunction; slices: boolean }[] = op.params
    .filter((p) => p.schema.contentMediaType === 'application/json' && p.schema.contentSchema)
    .map((p) => {
      const schema = p.schema.contentSchema as JsonSchema;
      return { name: p.name, schema, validate: compile(schema, `${op.operationId}/${p.name}`), slices: checkableInSlices(schema) };
    });
  type Content = (typeof jsonContent)[number];

  /**
   * Everything but the items of long arrays when `sliced`: the checks made, the issues found, and
   * the arrays whose items are left (checked by checkItems, a slice at a time).
   */
  const begin = (input: Params, sliced: boolean) => {
    const params: Params = {};
    // A blank value counts as absent, as the platform's isBlank checks do.
    for (const key in input) {
      const value = input[key];
      if (!isBlank(value)) setParam(params, key, typeof value === 'string' && integers.has(key) ? javaParseInt(value) : value);
    }
    const issues: RawIssue[] = [];
    const left: { content: Content; items: unknown[] }[] = [];
    if (!validate(params)) issues.push(...toIssues(validate.errors ?? [], op.paramsSchema, '', paramsByName));
    for (const content of jsonContent) {
      const raw = params[content.name];
      if (typeof raw !== 'string') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        const spec = paramsByName.get(content.name)!;
        const code = isRspCode(spec.errorCode) ? spec.errorCode : '500001';
        issues.push({ param: content.name, rule: 'content.json', ...issueMessage(code, `${content.name}不是合法的JSON：${content.schema.type === 'array' ? '应为JSON数组字符串' : '格式错误'}`), rank: 1 });
        continue;
      }
      dropJsonNulls(parsed, raw);
      if (sliced && content.slices && Array.isArray(parsed) && parsed.length > CONTENT_SLICE) left.push({ content, items: parsed });
      else if (!content.validate(parsed)) issues.push(...toIssues(content.validate.errors ?? [], content.schema, content.name, paramsByName));
      else params[content.name] = parsed;
    }
    return { params, issues, left };
  };
  /** Items [from, from + CONTENT_SLICE) of a long array, their issues added as the whole array's would be. */
  const checkItems = ({ content, items }: { content: Content; items: unknown[] }, from: number, issues: RawIssue[]) => {
    if (!content.validate(items.slice(from, from + CONTENT_SLICE))) issues.push(...toIssues(shifted(content.validate.errors ?? [], from), content.schema, content.name, paramsByName));
  };
  const end = ({ params, issues, left }: ReturnType<typeof begin>): ValidationResult => {
    for (const { content, items } of left) if (!issues.some((i) => i.param === content.name)) params[content.name] = items;
    if (issues.length === 0) return { ok: true, params };
    issues.sort((a, b) => (order.get(a.param) ?? 1e9) - (order.get(b.param) ?? 1e9) || a.rank - b.rank);
    return { ok: false, issues: issues.map(({ rank: _rank, ...issue }) => issue) };
  };

  const check = (input: Params) => end(begin(input, false));
  return Object.assign(check, {
    *steps(input: Params): Generator<void, ValidationResult> {
      const state = begin(input, true);
      for (const array of state.left) {
        for (let from = 0; from < array.items.length; from += CONTENT_SLICE) {
          yield;
          checkItems(array, from, state.issues);
        }
      }
      return end(state);
    },
  });
}
