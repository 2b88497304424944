// The codes clients act on. Where the document ties a code to a situation and clients branch on
// it (refresh the token on 500003, stop and alert on 500002, read "1" as an SMS accepted), another
// code is a fail, not a note. Which of several rejection codes comes for a missing parameter stays
// a note: clients do not branch on it. docs/required-codes.md is generated from this list.
import { DOC } from '../src/contract/basis.js';
import type { Passage } from '../src/contract/types.js';

export interface RequiredCode {
  situation: string;
  code: string;
  /** The passages that tie the code to the situation. */
  passages: Passage[];
  /** What a client does with it: why another code breaks clients. */
  clients: string;
  /** The cases that hold it (ids, or id prefixes ending in /). */
  cases: string[];
}

export const TOKEN_INVALID: Passage = { section: '3.2', phrase: '如果对应的token失效，则需要重现获取token' };
export const TOKEN_LIFETIME: Passage = { section: '5.1.1', phrase: '该通行凭证有效期为7200秒，过期需重新获取' };
const SMS_SUCCESS: Passage = { section: '5.3.2', phrase: '返回参数示例 "rspCode":"1", "rspMsg":"操作成功！"' };
const TOKEN_FIELD: Passage = { section: '5.1.1', phrase: '返回参数中的返回结果数据对象(resultData)的属性 token 请求凭证 String' };

export const REQUIRED_CODES: RequiredCode[] = [
  {
    situation: 'a token the platform did not issue (garbage, or well-formed and unknown)',
    code: '500003',
    passages: [DOC.badToken, TOKEN_INVALID],
    clients: 'refresh their token on 500003 and retry; on any other code they give up or retry forever',
    cases: ['auth/*/garbage-token', 'auth/*/unknown-token'],
  },
  {
    situation: 'a token older than 7200 s (expired)',
    code: '500003',
    passages: [TOKEN_LIFETIME, DOC.badToken],
    clients: 'refresh their token on 500003 (umc-mock only: the suite moves its clock past 7200 s)',
    cases: ['token/getThirdAPIToken/expired'],
  },
  {
    situation: 'a token of the run refused with 500003 sooner than 7200 s after it was issued, with no newer token issued meanwhile',
    code: 'not 500003',
    passages: [TOKEN_LIFETIME],
    clients: 'cache the token for 7200 s (some for less): a shorter lifetime makes every call of theirs fail once per token',
    cases: ['token/getThirdAPIToken/lifetime', 'any case (check token_lifetime)'],
  },
  {
    situation: 'a wrong appPassword, or an unknown appId, on 5.1.1',
    code: '500002',
    passages: [DOC.badCredentials],
    clients: 'stop and alert an administrator on 500002 (the credentials are wrong); other codes look transient',
    cases: ['token/getThirdAPIToken/wrong-password', 'token/getThirdAPIToken/unknown-app'],
  },
  {
    situation: 'an SMS accepted by 5.3.2',
    code: '1',
    passages: [SMS_SUCCESS],
    clients: 'read "1" as success on 5.3.2 (its own success code, not "000000")',
    cases: ['flow/sendMessageBySMSApi/send-then-progress'],
  },
  {
    situation: '5.1.1 success',
    code: '000000 with resultData.token',
    passages: [DOC.tokenIssued, TOKEN_FIELD],
    clients: 'read the token from resultData.token (some by a substring search for "token":")',
    cases: ['token/getThirdAPIToken/issues-token'],
  },
];

export const REQUIRED_START = '<!-- required-codes:start (generated from contract-tests/required-codes.ts by `npm run docs`) -->';
export const REQUIRED_END = '<!-- required-codes:end -->';

/** docs/required-codes.md's table. */
export function requiredCodesTable(): string {
  const lines = ['| situation | code | the document | what clients do with it | cases |', '|---|---|---|---|---|'];
  for (const r of REQUIRED_CODES) {
    lines.push(`| ${r.situation} | \`${r.code}\` | ${r.passages.map((p) => `${p.section}「${p.phrase}」`).join('<br>')} | ${r.clients} | ${r.cases.map((c) => `\`${c}\``).join(', ')} |`);
  }
  return lines.join('\n');
}

/** The page with its generated table replaced. */
export function withRequiredCodes(page: string): string {
  const start = page.indexOf(REQUIRED_START);
  const end = page.indexOf(REQUIRED_END);
  if (start < 0 || end < start) throw new Error('docs/required-codes.md lacks the required-codes markers');
  return `${page.slice(0, start + REQUIRED_START.length)}\n${requiredCodesTable()}\n${page.slice(end)}`;
}
