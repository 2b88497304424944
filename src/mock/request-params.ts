import { Busboy } from '@fastify/busboy';
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
const MULTIPART = 'multipart/form-data';

/**
 * The most parts a multipart body may have. The body itself is bounded as any other (2 MB, Tomcat's
 * maxPostSize); this bounds the work of reading it: thousands of tiny parts cost more than one long field.
 */
export const MAX_MULTIPART_PARTS = 1000;

function isJsonMedia(media: string): boolean {
  return media === 'application/json' || /^application\/[\w.+-]+\+json$/.test(media);
}

/**
 * The fields of a multipart/form-data body added to `into` as parameters, as Spring Boot's multipart
 * resolver hands them to getParameter: every part without a filename, in order, a name's first value
 * winning (after the query's); a part with a filename is a file, not a parameter, and is skipped.
 * Values are UTF-8 unless the part names its charset. A body that is not well-formed multipart, or has
 * more than MAX_MULTIPART_PARTS parts, is a 500001.
 */
export function addMultipartParams(contentType: string, body: Buffer, into: Params): Promise<void> {
  return new Promise((resolve, reject) => {
    const refuse = (why: string) => reject(new UmcError('500001', `multipart/form-data请求体${why}`));
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: { 'content-type': contentType },
        defCharset: 'utf8',
        // Whatever the body holds, it is read whole: no field cut short, no name (the body is already bounded).
        limits: { fieldSize: body.length, fieldNameSize: body.length, parts: MAX_MULTIPART_PARTS },
        isPartAFile: (_name, _type, fileName) => fileName !== undefined,
      });
    } catch {
      return refuse('不合法：Content-Type缺少boundary');
    }
    parser.on('field', (name: string, value: string) => {
      if (!Object.prototype.hasOwnProperty.call(into, name)) setParam(into, name, value);
    });
    parser.on('file', (_name: string, file: NodeJS.ReadableStream) => file.resume());
    parser.on('partsLimit', () => refuse(`的部分过多：最多${MAX_MULTIPART_PARTS}个`));
    parser.on('error', () => refuse('格式不正确，无法读取参数'));
    parser.on('finish', () => resolve());
    parser.end(body);
  });
}

/**
 * The parameters of one request as the platform's servlet would see them: query string and form
 * body merged (query first; a urlencoded body, or a multipart one's fields, for which the answer is
 * a promise), or, for the JSON operations, the body's fields over the query's. Undecodable input is a
 * 500001 naming what is wrong.
 */
export function readRequestParams(
  op: OperationSpec,
  url: string,
  contentType: string | undefined,
  body: Buffer | undefined,
  /** The body media read as a form (x-umc-servlet-parameters.form). */
  formMedia: readonly string[] = [FORM, MULTIPART],
): RequestParams | Promise<RequestParams> {
  const params: Params = {};
  const media = mediaType(contentType);
  const hasBody = body !== undefined && body.length > 0;
  try {
    addServletParams(rawQuery(url), params);
    if (op.bodyKind === 'form') {
      if (!hasBody) return { params };
      if (media === FORM && formMedia.includes(FORM)) {
        addServletParams(body.toString('utf8'), params);
        return { params };
      }
      if (media === MULTIPART && formMedia.includes(MULTIPART)) return addMultipartParams(contentType!, body, params).then(() => ({ params }));
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
  return `（请求体Content-Type为${media}，平台只读取URL参数与application/x-www-form-urlencoded、multipart/form-data表单）`;
}
