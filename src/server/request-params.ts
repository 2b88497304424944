import { UmcError } from '../domain/errors.js';
import type { OperationSpec } from '../spec/load.js';
import { dropJsonNulls, setParam, type Params } from '../spec/validate.js';
import { MalformedParameterError, addServletParams, mediaType, rawQuery } from './servlet-params.js';

export interface RequestParams {
  params: Params;
  /** The media type of a body the platform does not read for this operation, for a hint. */
  ignoredBody?: string;
}

const FORM = 'application/x-www-form-urlencoded';

function isJsonMedia(media: string): boolean {
  return media === 'application/json' || /^application\/[\w.+-]+\+json$/.test(media);
}

/**
 * The parameters of one request as the platform's servlet would see them: query string and
 * urlencoded body merged (query first), or, for the JSON operations, the body's fields over the
 * query's. Undecodable input is a 500001 naming what is wrong.
 */
export function readRequestParams(op: OperationSpec, url: string, contentType: string | undefined, body: Buffer | undefined): RequestParams {
  const params: Params = {};
  const media = mediaType(contentType);
  const hasBody = body !== undefined && body.length > 0;
  try {
    addServletParams(rawQuery(url), params);
    if (op.bodyKind === 'form') {
      if (!hasBody) return { params };
      if (media === FORM) {
        addServletParams(body.toString('utf8'), params);
        return { params };
      }
      return { params, ignoredBody: media || '未声明' };
    }
  } catch (err) {
    if (err instanceof MalformedParameterError) throw new UmcError('500001', err.message);
    throw err;
  }

  if (!hasBody) throw new UmcError('500001', '请求体不能为空：此接口需要JSON对象请求体（Content-Type: application/json）');
  if (!isJsonMedia(media)) throw new UmcError('500001', `请求体Content-Type必须是application/json（收到：${media || '未声明'}）`);
  let parsed: unknown;
  const text = body.toString('utf8');
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UmcError('500001', '请求体不是合法的JSON', 'body');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UmcError('500001', '请求体必须是JSON对象', 'body');
  }
  // A null is a field Jackson leaves unset: absent, as if it were not there, at every depth.
  dropJsonNulls(parsed, text);
  for (const key of Object.keys(parsed)) setParam(params, key, (parsed as Record<string, unknown>)[key]);
  return { params };
}

export function ignoredBodyHint(media: string): string {
  return `（请求体Content-Type为${media}，平台只读取URL参数与application/x-www-form-urlencoded表单）`;
}
