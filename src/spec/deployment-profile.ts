import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';

/**
 * A deployment's profile: what it answered in every case of a umc-contract run (--save-profile),
 * reduced to what a client could depend on (status, Content-Type, codes, field types, the shape of
 * ids) and normalised so that two runs against an unchanged deployment give the same text.
 * umc-contract compares a later run with it (--baseline: the release check); umc-mock answers as
 * the profiled deployment did (--profile). Cases are keyed `group/operation/slug` as the contract
 * suite names them; a rejection case's slug is `<field>-<rule>` (msgtitle-too-long, state-missing).
 */
export const PROFILE_FORMAT = 'umc-contract-profile';
export const PROFILE_VERSION = 1;

export type BodyKind = 'json' | 'html' | 'text' | 'empty';

/** One answer as a profile keeps it: a transport problem, or the shape of what came back. */
export type Observation = { transport: string } | AnswerShape;

export interface AnswerShape {
  /** The operation that answered (a flow's steps call several). */
  operation?: string;
  status: number;
  /** Lower-cased, spaces removed; null when the answer had none. */
  contentType: string | null;
  /** The Location of a 3xx answer, scrubbed. */
  location?: string;
  body: BodyKind;
  rspCode?: { type: string; value: string };
  rspMsg?: string;
  /** JSON path → JSON type of the whole body: "$" is the body, "x[]" the items of array x ("number|string" when they differ). */
  fields?: Record<string, string>;
  /** JSON path → shape of each id or token under resultData (uuid, hex32, digits8, alnum43, other12); never the value. */
  ids?: Record<string, string>;
}

export interface CaseProfile {
  status: ProfileCaseStatus;
  /** The operation of the case id (its second segment). */
  operation: string;
  field?: string;
  notes: { check: string; severity?: ProfileSeverity }[];
  /** Step (the exchange label without its poll counter) → the distinct observations of its answers. */
  steps: Record<string, Observation[]>;
}

export interface Profile {
  format: typeof PROFILE_FORMAT;
  version: typeof PROFILE_VERSION;
  /** The umc-contract that saved it ("umc-contract 0.1.0"). */
  tool: string;
  savedAt: string;
  mode: 'safe' | 'full';
  isMock: boolean;
  seed: number;
  cases: Record<string, CaseProfile>;
  /** Whether 5.1.1 issued a token by POST (as documented) and by GET (as real clients ask); absent: not run. */
  tokenMethods: { POST?: boolean; GET?: boolean };
}

/** A case's outcome as umc-contract judged it: a failed case broke the document. */
export type ProfileCaseStatus = 'passed' | 'failed' | 'noted' | 'inconclusive' | 'error';
export type ProfileSeverity = 'client-visible' | 'wording';
const CASE_STATUSES: ProfileCaseStatus[] = ['passed', 'failed', 'noted', 'inconclusive', 'error'];
const PROFILE_SEVERITIES: ProfileSeverity[] = ['client-visible', 'wording'];

/** A profile that cannot be read: the message names the file and what is wrong with it. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

const STRINGS = { type: 'object', additionalProperties: { type: 'string' } };
const OBSERVATION = {
  type: 'object',
  if: { required: ['transport'] },
  then: { properties: { transport: { type: 'string' } }, additionalProperties: false },
  else: {
    required: ['status', 'contentType', 'body'],
    properties: {
      operation: { type: 'string' },
      status: { type: 'integer' },
      contentType: { type: ['string', 'null'] },
      location: { type: 'string' },
      body: { enum: ['json', 'html', 'text', 'empty'] },
      rspCode: { type: 'object', required: ['type', 'value'], properties: { type: { type: 'string' }, value: { type: 'string' } }, additionalProperties: false },
      rspMsg: { type: 'string' },
      fields: STRINGS,
      ids: STRINGS,
    },
    additionalProperties: false,
  },
};
const PROFILE_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'tool', 'savedAt', 'mode', 'isMock', 'seed', 'cases', 'tokenMethods'],
  properties: {
    format: { const: PROFILE_FORMAT },
    version: { const: PROFILE_VERSION },
    tool: { type: 'string' },
    savedAt: { type: 'string' },
    mode: { enum: ['safe', 'full'] },
    isMock: { type: 'boolean' },
    seed: { type: 'integer' },
    tokenMethods: { type: 'object', properties: { POST: { type: 'boolean' }, GET: { type: 'boolean' } }, additionalProperties: false },
    cases: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['status', 'operation', 'notes', 'steps'],
        properties: {
          status: { enum: CASE_STATUSES },
          operation: { type: 'string' },
          field: { type: 'string' },
          notes: { type: 'array', items: { type: 'object', required: ['check'], properties: { check: { type: 'string' }, severity: { enum: PROFILE_SEVERITIES } }, additionalProperties: false } },
          steps: { type: 'object', additionalProperties: { type: 'array', items: OBSERVATION } },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

let validateProfile: ValidateFunction | undefined;

/** ajv only when a profile is read: most starts read none. */
function compileSchema(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new Ajv2020({ allErrors: false, strict: false }).compile(PROFILE_SCHEMA);
}

/** A JSON pointer as a person reads it: /cases/auth~1x/steps/send/0 → cases["auth/x"].steps.send[0]. */
function readablePath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`)).join('');
  return path || '（根）';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A profile's text, checked: its format, its version (older and newer told apart) and its shape. */
export function parseProfile(text: string, file: string): Profile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ProfileError(`档案 ${file} 不是JSON：${(err as Error).message}`);
  }
  if (!isObject(data) || data.format !== PROFILE_FORMAT) throw new ProfileError(`${file} 不是umc-contract档案（没有 "format": "${PROFILE_FORMAT}"）：请给 umc-contract --save-profile 写出的文件`);
  const { version } = data;
  if (typeof version === 'number' && version < PROFILE_VERSION) {
    throw new ProfileError(`${file} 是第${version}版档案，本版本umc-kit只读取第${PROFILE_VERSION}版：请用当前版本的umc-contract重新 --save-profile`);
  }
  if (typeof version === 'number' && version > PROFILE_VERSION) {
    throw new ProfileError(`${file} 是第${version}版档案（更新的umc-kit写的），本版本只读取第${PROFILE_VERSION}版：请升级umc-kit，或用本版本的umc-contract重新 --save-profile`);
  }
  if (version !== PROFILE_VERSION) throw new ProfileError(`${file} 的版本号不对：${JSON.stringify(version)}（应为 ${PROFILE_VERSION}）`);
  validateProfile ??= compileSchema();
  if (!validateProfile(data)) {
    const [first] = validateProfile.errors ?? [];
    throw new ProfileError(`档案 ${file} 有误，${readablePath(first?.instancePath ?? '')}：${first?.message ?? '不符合档案格式'}（这个文件被改坏了？请重新 --save-profile）`);
  }
  return data as unknown as Profile;
}
