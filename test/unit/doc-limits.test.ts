// The spec's limits are the document's: every x-umc-doc phrase of openapi.yaml that states a number (长度不超过100,
// 最大长度255, 每页最大100, 7200秒, 10分钟, 128个字节, 4个文字…) sits beside a rule carrying that number, and the
// business logic's own constants (token lifetime, the scheduled-send lead, 5.3.4's cuts) are the phrase's numbers.
import t from 'tap';
import { loadSpec, servletSchema, type JsonSchema } from '../../src/spec/load.js';
import { TOKEN_LIFETIME_SECONDS, TokenRegistry } from '../../src/domain/tokens.js';
import { MIN_SCHEDULE_AHEAD_MS } from '../../src/domain/messaging/send.js';
import { CARD_LIMITS } from '../../src/domain/wechat/cards.js';

type Kind = 'max' | 'min' | 'default' | 'bytes' | 'chars' | 'seconds';

/** The rule keywords that can carry a number of each kind. */
const CARRIERS: Record<Kind, string[]> = {
  max: ['maxLength', 'maximum'],
  min: ['minimum', 'minLength'],
  default: ['default'],
  bytes: ['x-umc-max-bytes', 'x-umc-truncate-bytes'],
  chars: ['x-umc-truncate-chars', 'maxLength'],
  seconds: ['x-umc-lifetime-seconds', 'x-umc-min-ahead-seconds'],
};

interface Stated {
  kind: Kind;
  value: number;
  words: string;
}

/** The numbers a phrase states as limits, and the digits left over (enum values, names like keyword1). */
function statedLimits(phrase: string): { stated: Stated[]; rest: string } {
  const stated: Stated[] = [];
  const patterns: [RegExp, (m: RegExpExecArray) => Stated[]][] = [
    [/(\d+)\s*分钟/g, (m) => [{ kind: 'seconds', value: Number(m[1]) * 60, words: m[0] }]],
    [/(\d+)\s*秒/g, (m) => [{ kind: 'seconds', value: Number(m[1]), words: m[0] }]],
    [/(\d+)\s*个?字节/g, (m) => [{ kind: 'bytes', value: Number(m[1]), words: m[0] }]],
    [/(\d+)\s*个?(?:文字|字符)/g, (m) => [{ kind: 'chars', value: Number(m[1]), words: m[0] }]],
    [/默认(\d+)/g, (m) => [{ kind: 'default', value: Number(m[1]), words: m[0] }]],
    [/(\d+)\s*到\s*(\d+)/g, (m) => [{ kind: 'min', value: Number(m[1]), words: m[0] }, { kind: 'max', value: Number(m[2]), words: m[0] }]],
    [/(?:长度不超过|最大长度|每页最大|不超过|最长)\s*(\d+)/g, (m) => [{ kind: 'max', value: Number(m[1]), words: m[0] }]],
  ];
  let rest = phrase;
  for (const [re, read] of patterns) {
    rest = rest.replace(re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      stated.push(...read(m));
      return ' ';
    });
  }
  return { stated, rest };
}

/** Every literal value of enum and const anywhere under a node: the numbers a phrase may name as values. */
function valuesUnder(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => valuesUnder(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(value)) value.forEach((v) => into.add(String(v)));
      else if (key === 'const') into.add(String(value));
      else valuesUnder(value, into);
    }
  }
  return into;
}

interface Phrase {
  where: string;
  /** The rule keyword the phrase is filed under; none for a then's or an allOf item's phrase. */
  keyword?: string;
  phrase: string;
  /** The schema that carries the rule (as the servlet reads it), with the enclosing one for a string phrase. */
  schema: JsonSchema;
  values: Set<string>;
}

/** Every x-umc-doc phrase of a document, with the schema beside it. */
function phrasesOf(document: unknown): Phrase[] {
  const out: Phrase[] = [];
  const walk = (node: unknown, where: string, enclosing: JsonSchema | undefined) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`, enclosing));
    if (!node || typeof node !== 'object') return;
    const schema = node as JsonSchema;
    const doc = schema['x-umc-doc'];
    if (typeof doc === 'string') {
      const merged = { ...(enclosing ? servletSchema(enclosing) : {}), ...schema };
      out.push({ where, phrase: doc, schema: merged, values: valuesUnder(enclosing ?? schema) });
    } else if (doc && typeof doc === 'object') {
      for (const [keyword, phrase] of Object.entries(doc as Record<string, string>)) out.push({ where, keyword, phrase, schema: servletSchema(schema), values: valuesUnder(schema) });
    }
    // A form body's multipart/form-data is the same form again (test/unit/spec.test.ts holds them equal): its phrases count once.
    for (const [key, value] of Object.entries(schema)) if (key !== 'x-umc-doc' && key !== 'multipart/form-data') walk(value, `${where}/${key}`, schema);
  };
  walk(document, '#', undefined);
  return out;
}

/** What is wrong between each phrase and the rule beside it. */
function limitProblems(document: unknown): string[] {
  const problems: string[] = [];
  for (const { where, keyword, phrase, schema, values } of phrasesOf(document)) {
    const { stated, rest } = statedLimits(phrase);
    for (const s of stated) {
      const carriers = CARRIERS[s.kind].filter((k) => typeof schema[k] === 'number' || (s.kind === 'default' && schema[k] !== undefined));
      const carried = carriers.some((k) => Number(schema[k]) === s.value);
      if (!carried) problems.push(`${where}: "${s.words}" states ${s.value}, but ${carriers.length ? carriers.map((k) => `${k} is ${String(schema[k])}`).join(', ') : `no ${CARRIERS[s.kind].join('/')} carries it`}`);
    }
    if (keyword && typeof schema[keyword] === 'number' && !stated.some((s) => s.value === schema[keyword])) {
      problems.push(`${where}: ${keyword} is ${schema[keyword]}, which "${phrase}" does not state`);
    }
    // A number the check does not read as a limit must be a value the schema names (an enum, an if's const)
    // or part of a name (keyword1): else it is a limit this test has yet to learn.
    for (const m of rest.matchAll(/(?<![A-Za-z])\d+/g)) {
      if (!values.has(m[0])) problems.push(`${where}: "${phrase}" states ${m[0]}, which is neither a limit this test reads nor a value of the schema`);
    }
  }
  return problems;
}

const spec = loadSpec();

t.test('the phrase reader reads what the document writes', async (t) => {
  t.match(statedLimits('msgtitle 消息标题 是 String 长度不超过100').stated, [{ kind: 'max', value: 100 }]);
  t.match(statedLimits('不超过128个字节，超过会自动截断').stated, [{ kind: 'bytes', value: 128 }]);
  t.match(statedLimits('设定时间必须大于系统当前时间10分钟以上').stated, [{ kind: 'seconds', value: 600 }]);
  t.match(statedLimits('默认100条，支持1到100整数').stated, [{ kind: 'default', value: 100 }, { kind: 'min', value: 1 }, { kind: 'max', value: 100 }]);
  t.same(statedLimits('1 待办 2 已办').stated, [], 'enum values are no limits');
});

t.test("every number an x-umc-doc phrase of openapi.yaml states is its rule's number", async (t) => {
  const phrases = phrasesOf(spec.document);
  const limited = phrases.filter((p) => statedLimits(p.phrase).stated.length > 0).map((p) => p.where.replace(/^.*\/properties\//, '').replace(/\/allOf\/\d+$/, ' (allOf)'));
  // The limits the document states, each found: a phrase the walk missed would be a limit nobody checks.
  t.same(
    limited.sort(),
    ['count', 'description', 'iconUrl', 'msgId', 'msgtitle', 'pcUrl', 'sendTime', 'size', 'summary', 'title', 'btnTxt', 'token', 'url (allOf)', 'waitLink'].sort(),
  );
  t.same(limitProblems(spec.document), []);
});

t.test('a rule that drifts from its phrase is caught', async (t) => {
  const drift = (edit: (doc: any) => void) => {
    const doc = structuredClone(spec.document) as any;
    edit(doc);
    return limitProblems(doc);
  };
  const form = (doc: any, path: string) => doc.paths[path].post.requestBody.content['application/x-www-form-urlencoded'].schema.properties;
  t.match(drift((d) => (form(d, '/message/sendMessageApi').msgtitle.maxLength = 101)), [/msgtitle.*"长度不超过100" states 100, but maxLength is 101/]);
  t.match(drift((d) => (form(d, '/api/message/user/list').size['x-umc-parsed'].maximum = 200)), [/size.*states 100, but maxLength is undefined|size.*maximum is 200/]);
  t.match(drift((d) => (d.components.schemas.TokenSuccess.properties.resultData.properties.token['x-umc-lifetime-seconds'] = 3600)), [/7200秒/]);
  t.match(drift((d) => (d.paths['/message/cardMessage'].post.requestBody.content['application/json'].schema.properties.btnTxt['x-umc-truncate-chars'] = 5)), [/4个文字/]);
  const unread = drift((d) => (form(d, '/message/sendMessageApi').summary['x-umc-doc'].maxLength = '摘要最多20个'));
  t.ok(unread.some((p) => /states 20, which is neither/.test(p)), 'a number it cannot read is reported, not skipped');
});

/** The number one phrase of the spec states, found by the rule keyword it is filed under. */
function documented(keyword: string, pathPart: string): number {
  const found = phrasesOf(spec.document).filter((p) => p.keyword === keyword && p.where.includes(pathPart));
  if (found.length !== 1) throw new Error(`expected one ${keyword} phrase under ${pathPart}, found ${found.length}`);
  return statedLimits(found[0]!.phrase).stated[0]!.value;
}

t.test("the business logic's limits are the document's numbers, not only its own constants", async (t) => {
  const lifetime = documented('x-umc-lifetime-seconds', 'TokenSuccess');
  t.equal(lifetime, 7200, 'the document: 该通行凭证有效期为7200秒');
  t.equal(TOKEN_LIFETIME_SECONDS, lifetime, 'src/domain/tokens.ts');
  const tokens = new TokenRegistry();
  tokens.issue('a', 'MSG1', 0);
  t.equal(tokens.find('a', lifetime * 1000 - 1), 'MSG1', 'valid until the documented lifetime');
  t.equal(tokens.find('a', lifetime * 1000), undefined, 'refused from then on');
  t.equal(MIN_SCHEDULE_AHEAD_MS, documented('x-umc-min-ahead-seconds', 'sendTime') * 1000, 'a scheduled sendTime: 10分钟以上');
  t.same(
    { titleBytes: CARD_LIMITS.titleBytes, descriptionBytes: CARD_LIMITS.descriptionBytes, btnTxtChars: CARD_LIMITS.btnTxtChars },
    { titleBytes: documented('x-umc-truncate-bytes', '/title'), descriptionBytes: documented('x-umc-truncate-bytes', '/description'), btnTxtChars: documented('x-umc-truncate-chars', '/btnTxt') },
    '5.3.4 cuts title, description and btnTxt where the document says',
  );
});
