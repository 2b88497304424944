// The catalogue is table 4-1-2: every code the document prints, each with the document's text, and
// nothing else; a UmcError answers that text whatever detail it carries (only 500001 names a field).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RSP_CODES, type RspCode } from './codes.js';
import { UmcError } from './errors.js';

const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
const table = spec['x-umc-document-codes'] as { rspCode: string; text: string }[];

// Not the 说明 column: the successes answer their response examples' rspMsg ("操作完成" in 表4-1-1 and
// every example, "操作成功！" in 表5-3-2-1); 500001's 说明 describes when it comes.
const NOT_THE_TEXT: Record<string, string> = { '000000': '操作完成', '1': '操作成功！', '500001': '参数校验有误' };

t.test('the catalogue holds exactly the codes of table 4-1-2', async (t) => {
  t.equal(table.length, 35);
  t.same(Object.keys(RSP_CODES).sort(), table.map((c) => c.rspCode).sort());
});

t.test("each code's message is the table's text", async (t) => {
  for (const { rspCode, text } of table) {
    t.equal(RSP_CODES[rspCode as RspCode], NOT_THE_TEXT[rspCode] ?? text, `${rspCode} ${text}`);
  }
});

t.test('a UmcError answers the catalogue text; its detail stays out of rspMsg', async (t) => {
  for (const code of Object.keys(RSP_CODES) as RspCode[]) {
    if (code === '500001') continue;
    const err = new UmcError(code, '应用MSG123456的某个字段');
    t.equal(err.rspMsg, RSP_CODES[code], code);
    t.equal(err.detail, '应用MSG123456的某个字段', `${code} keeps its detail for the journal`);
    t.equal(new UmcError(code).detail, undefined);
  }
});

t.test('500001 names the field in rspMsg, as a servlet validation message would', async (t) => {
  const err = new UmcError('500001', 'msgtitle不能为空');
  t.equal(err.rspMsg, 'msgtitle不能为空');
  t.equal(err.detail, undefined, 'nothing more to say in the journal');
  t.equal(new UmcError('500001').rspMsg, '参数校验有误');
});
