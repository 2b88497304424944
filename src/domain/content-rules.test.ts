// 500013: a sensitive word in any letter case; the first field with one, and its first word, are named.
import t from 'tap';
import { UmcError } from './errors.js';
import { rejectSensitiveWords } from './content-rules.js';

const refused = (words: string[], fields: Record<string, string | undefined>) => {
  try {
    rejectSensitiveWords(words, fields);
    return undefined;
  } catch (err) {
    t.ok(err instanceof UmcError && err.rspCode === '500013');
    return (err as UmcError).detail ?? (err as Error).message;
  }
};

t.test('words with and without letter case', async (t) => {
  const words = ['赌博', 'Casino', '', 'vip代开'];
  t.equal(refused(words, { msgtitle: '通知', msgContent: '正常内容' }), undefined);
  t.match(refused(words, { msgtitle: '网上赌博', msgContent: 'x' }), 'msgtitle包含敏感词“赌博”');
  t.match(refused(words, { msgtitle: 'ok', msgContent: 'the CASINO is open' }), 'msgContent包含敏感词“Casino”', 'case-insensitive');
  t.match(refused(words, { msgContent: 'VIP代开发票' }), '“vip代开”', 'a word mixing Chinese and letters');
  t.equal(refused(['', ''], { msgContent: 'anything' }), undefined, 'empty words match nothing');
  t.equal(refused([], { msgContent: '赌博' }), undefined);
});

t.test('the first field given, then the first word of the list', async (t) => {
  t.match(refused(['B', '赌博'], { summary: undefined, msgtitle: '赌博 b', msgContent: 'b' }), 'msgtitle包含敏感词“B”');
  t.match(refused(['赌博', 'b'], { msgtitle: 'b 赌博' }), '“赌博”');
});

t.test('a word found only once the text is lower-cased (İ lower-cases to i + U+0307)', async (t) => {
  t.match(refused(['i\u0307'], { msgContent: 'İ' }), '包含敏感词');
  t.match(refused(['\u0307'], { msgContent: 'İ' }), '包含敏感词', 'the combining dot alone too');
});
