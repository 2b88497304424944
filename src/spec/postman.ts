import type { JsonSchema, LoadedSpec, OperationSpec, ParamSpec } from './load.js';

/**
 * A Postman collection (v2.1) of every operation of openapi.yaml, as the vendor ships one to its
 * integrators: one request per operation with working example values, a collection variable per
 * credential, and a collection-level pre-request script that fetches the token (5.1.1, GET) and
 * caches it until it expires.
 */

export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** Values the collection starts with: the credentials and the ids a first run needs. */
export interface PostmanDefaults {
  baseUrl: string;
  appId: string;
  appPassword: string;
  /** A directory person (学工号) who receives messages and follows the official account. */
  userId: string;
  userName: string;
  publicId: string;
  templateId: string;
}

/** Token validity (5.1.1: 7200 s), renewed this much earlier. */
const TOKEN_SECONDS = 7200;
const RENEW_EARLY_SECONDS = 60;

/** Folders in the order an integrator's flow runs: token, send, query what was sent, confirm. */
const FOLDERS: { tag: string; name: string; description: string }[] = [
  { tag: 'token', name: '凭证获取', description: '5.1.1：用appId和appPassword换取token（有效期7200秒）。集合级的预请求脚本会自动获取并缓存token。' },
  { tag: 'send', name: '消息发送', description: '5.3.1–5.3.4。5.3.1发送的待办消息的msgId保存在集合变量msgId中，供5.2.4与5.4.1使用。' },
  { tag: 'query', name: '消息查询', description: '5.2.1–5.2.6。5.2.1与5.2.2把第一个可用的公众号与模板保存在集合变量publicId、templateId中。' },
  { tag: 'confirm', name: '消息确认', description: '5.4.1：把5.3.1发送的待办改为已办理（先等待其投递结束）。' },
];

/** Parameters bound to collection variables. */
const VARIABLE_PARAMS: Record<string, string> = {
  token: '{{token}}',
  appId: '{{appId}}',
  appPassword: '{{appPassword}}',
  publicId: '{{publicId}}',
  templateId: '{{templateId}}',
};

/**
 * Example values where openapi.yaml has none (it documents the parameters, not a session):
 * together they make one run succeed on a fresh umc-mock.
 */
const DEMO_VALUES: Record<string, Record<string, unknown>> = {
  replyMessage: { count: '100' },
  getProgress: { msgId: '{{msgId}}' },
  getUserMessageCount: { account: '{{userId}}' },
  getUserMessageList: { account: '{{userId}}', page: '1', size: '10' },
  sendMessageApi: {
    msgtitle: '关于期末考试安排的通知',
    msgType: '1',
    msgContent: '请各位同学按时参加期末考试。',
    sendStatus: '1',
    sendChannel: 'Portal',
    sendMode: 'normal',
    receivers: '[{"type":"User","userId":"{{userId}}","name":"{{userName}}"}]',
    sendMsgType: '4',
    waitLink: 'https://oa.example.edu.cn/todo/1001',
    isReply: '1',
  },
  sendMessageBySMSApi: { msgContent: '〖教务处〗您的报名已受理，请按时参加考试。', receivers: '[{"name":"示例姓名1","mobile":"18612345678"}]' },
  sendTemplateApi: { userId: '{{userId}}', messageType: '1' },
  cardMessage: { userList: '{{userId}}' },
  checkMessageStatusApi: { msgId: '{{msgId}}', messageType: '1', state: '2' },
};

/** What a request's own test script saves for the requests after it. */
const CAPTURES: Record<string, string[]> = {
  getThirdAPIToken: saveToken(),
  getThirdAPITokenByGet: saveToken(),
  sendMessageApi: ["if (body.resultData && body.resultData.msgId) pm.collectionVariables.set('msgId', body.resultData.msgId);"],
  getPublicList: [
    "var usable = (body.resultData || []).filter(function (a) { return a.status === '1'; })[0];",
    "if (usable) pm.collectionVariables.set('publicId', usable.publicId);",
  ],
  getTemplateList: ["if (body.resultData && body.resultData[0]) pm.collectionVariables.set('templateId', body.resultData[0].template_id);"],
};

/** Request-level pre-request scripts. */
const PREREQUESTS: Record<string, string[]> = {
  // 5.4.1 refuses (500008) while the todo is still being delivered: wait for 5.2.4 to say "1".
  checkMessageStatusApi: [
    '// 待办投递结束前5.4.1返回500008：先用5.2.4等到state为"1"（最多约5秒）。',
    "var tries = 20;",
    'function poll() {',
    '  pm.sendRequest({',
    "    url: pm.variables.replaceIn('{{baseUrl}}/message/getProgress'),",
    "    method: 'POST',",
    "    header: { 'Content-Type': 'application/x-www-form-urlencoded' },",
    "    body: { mode: 'urlencoded', urlencoded: [{ key: 'token', value: pm.collectionVariables.get('token') }, { key: 'msgId', value: pm.collectionVariables.get('msgId') }] }",
    '  }, function (err, res) {',
    "    var done = !err && res.json().resultData && res.json().resultData.state === '1';",
    '    if (!done && --tries > 0) setTimeout(poll, 250);',
    '  });',
    '}',
    'poll();',
  ],
};

function saveToken(): string[] {
  return [
    "if (body.rspCode === '000000') {",
    "  pm.collectionVariables.set('token', body.resultData.token);",
    `  pm.collectionVariables.set('tokenExpiresAt', String(Date.now() + ${(TOKEN_SECONDS - RENEW_EARLY_SECONDS) * 1000}));`,
    '}',
  ];
}

/** The collection-level pre-request: a token for every request but 5.1.1's own, fetched once and reused until it expires. */
function tokenPrerequest(): string[] {
  return [
    `// 自动获取token（5.1.1，GET，与真实调用方相同）并缓存到集合变量token中，${TOKEN_SECONDS}秒有效期到期前${RENEW_EARLY_SECONDS}秒重新获取。`,
    "if (pm.request.url.getPath().indexOf('/msg/getThirdAPIToken') !== 0) {",
    "  var cached = pm.collectionVariables.get('token');",
    "  var expiresAt = Number(pm.collectionVariables.get('tokenExpiresAt') || 0);",
    '  if (!cached || Date.now() >= expiresAt) {',
    "    var url = pm.variables.replaceIn('{{baseUrl}}') + '/msg/getThirdAPIToken?appId=' + encodeURIComponent(pm.collectionVariables.get('appId')) + '&appPassword=' + encodeURIComponent(pm.collectionVariables.get('appPassword'));",
    "    pm.sendRequest({ url: url, method: 'GET' }, function (err, res) {",
    "      if (err) { console.error('获取token失败：' + err); return; }",
    '      var body = res.json();',
    "      if (body.rspCode !== '000000') { console.error('获取token失败：' + body.rspCode + ' ' + body.rspMsg); return; }",
    "      pm.collectionVariables.set('token', body.resultData.token);",
    `      pm.collectionVariables.set('tokenExpiresAt', String(Date.now() + ${(TOKEN_SECONDS - RENEW_EARLY_SECONDS) * 1000}));`,
    '    });',
    '  }',
    '}',
  ];
}

/** The collection-level test: a token the platform no longer accepts (500003) is dropped, so the next request fetches a new one. */
function tokenTest(): string[] {
  return [
    '// token失效（500003，例如平台时钟已前进）时清除缓存，下一个请求会重新获取。',
    'try {',
    "  if (pm.response.json().rspCode === '500003') { pm.collectionVariables.set('token', ''); pm.collectionVariables.set('tokenExpiresAt', '0'); }",
    '} catch (e) {}',
  ];
}

function exampleOf(schema: JsonSchema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  return undefined;
}

function valueOf(op: OperationSpec, p: ParamSpec): unknown {
  return VARIABLE_PARAMS[p.name] ?? DEMO_VALUES[op.operationId]?.[p.name] ?? exampleOf(p.schema);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(op: OperationSpec, raw: Record<string, any>): string {
  const lines = [`${op.summary}`, '', String(raw.description ?? '').trim(), '', '**rspCode**', ''];
  for (const code of op.rspCodes) lines.push(`- \`${code.rspCode}\` ${code.rspMsg}${code.when ? `：${code.when}` : ''}${code.assumed ? '（表4-1-2的适用范围之外：umc-mock的推断）' : ''}`);
  if (op.assumptions.length) lines.push('', '**umc-mock的假设（文档未写明）**', '', ...op.assumptions.map((a) => `- ${a}`));
  return lines.join('\n');
}

function paramDescription(p: ParamSpec): string {
  return `${p.required ? '必填' : '可选'}。${String(p.schema.description ?? '').trim()}`;
}

function requestOf(spec: LoadedSpec, op: OperationSpec) {
  const raw = (spec.document.paths as Record<string, any>)[op.path][op.method.toLowerCase()];
  const query = op.params.filter((p) => p.in === 'query');
  const bodyParams = op.params.filter((p) => p.in === 'body');
  const entry = (p: ParamSpec) => {
    const value = valueOf(op, p);
    return { key: p.name, value: value === undefined ? '' : text(value), description: paramDescription(p), ...(value === undefined ? { disabled: true } : {}) };
  };
  const request: Record<string, unknown> = {
    method: op.method,
    header: [] as unknown[],
    url: {
      raw: `{{baseUrl}}${op.path}${query.length ? `?${query.map((p) => `${p.name}=${text(valueOf(op, p) ?? '')}`).join('&')}` : ''}`,
      host: ['{{baseUrl}}'],
      path: op.path.split('/').filter(Boolean),
      ...(query.length ? { query: query.map(entry) } : {}),
    },
    description: describe(op, raw),
  };
  if (bodyParams.length && op.bodyKind === 'form') {
    (request.header as unknown[]).push({ key: 'Content-Type', value: 'application/x-www-form-urlencoded' });
    request.body = { mode: 'urlencoded', urlencoded: bodyParams.map(entry) };
  } else if (bodyParams.length) {
    const documentExample = Object.values((raw.requestBody?.content?.['application/json']?.examples ?? {}) as Record<string, { value?: Record<string, unknown> }>)[0]?.value ?? {};
    const body: Record<string, unknown> = {};
    for (const p of bodyParams) {
      const value = VARIABLE_PARAMS[p.name] ?? DEMO_VALUES[op.operationId]?.[p.name] ?? documentExample[p.name] ?? exampleOf(p.schema);
      if (value !== undefined) body[p.name] = value;
    }
    (request.header as unknown[]).push({ key: 'Content-Type', value: 'application/json' });
    request.body = { mode: 'raw', raw: JSON.stringify(body, null, 2), options: { raw: { language: 'json' } } };
  }
  return request;
}

function testScript(op: OperationSpec): string[] {
  const { rspCode, rspMsg } = op.success;
  return [
    'var body = pm.response.json();',
    `pm.test('rspCode为${rspCode}（${rspMsg}）', function () {`,
    `  pm.expect(body.rspCode, body.rspMsg).to.eql('${rspCode}');`,
    '});',
    ...(CAPTURES[op.operationId] ?? []),
  ];
}

function script(listen: 'prerequest' | 'test', exec: string[]) {
  return { listen, script: { type: 'text/javascript', exec } };
}

function itemOf(spec: LoadedSpec, op: OperationSpec) {
  const request = requestOf(spec, op);
  const example = op.successSchema.example;
  return {
    name: `${op.section} ${op.summary.replace(/\s*\([^)]*\)\s*$/, '')}${op.method === 'GET' && op.path === '/msg/getThirdAPIToken' ? '（GET）' : ''}`,
    event: [...(PREREQUESTS[op.operationId] ? [script('prerequest', PREREQUESTS[op.operationId]!)] : []), script('test', testScript(op))],
    request,
    response:
      example === undefined
        ? []
        : [{ name: '成功（文档示例）', originalRequest: request, status: 'OK', code: 200, _postman_previewlanguage: 'json', header: [{ key: 'Content-Type', value: 'application/json;charset=UTF-8' }], body: JSON.stringify(example, null, 2) }],
  };
}

function bySection(a: OperationSpec, b: OperationSpec): number {
  const as = a.section.split('.').map(Number);
  const bs = b.section.split('.').map(Number);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) if ((as[i] ?? 0) !== (bs[i] ?? 0)) return (as[i] ?? 0) - (bs[i] ?? 0);
  return a.method === b.method ? 0 : a.method === 'POST' ? -1 : 1;
}

export function postmanCollection(spec: LoadedSpec, defaults: PostmanDefaults) {
  const info = spec.document.info;
  const tagged = new Set(FOLDERS.map((f) => f.tag));
  const untagged = spec.operations.filter((op) => !op.tags.some((tag) => tagged.has(tag)));
  if (untagged.length) throw new Error(`openapi.yaml operations without a known tag: ${untagged.map((op) => op.operationId).join(', ')}`);
  return {
    info: {
      name: `${info.title}（umc-mock）`,
      description: [
        `由umc-mock从openapi.yaml（版本${info.version}）生成，覆盖全部${spec.operations.length}个接口。`,
        '',
        '集合变量：baseUrl（平台地址）、appId、appPassword（申请表回执中的凭证）、token（自动获取并缓存）；userId、publicId、templateId、msgId是示例请求之间传递的值。',
        '按顺序运行整个集合（Runner或newman）即可走完“获取token → 发送 → 查询 → 确认待办”的流程。',
      ].join('\n'),
      schema: POSTMAN_SCHEMA,
    },
    event: [script('prerequest', tokenPrerequest()), script('test', tokenTest())],
    variable: [
      { key: 'baseUrl', value: defaults.baseUrl, type: 'string' },
      { key: 'appId', value: defaults.appId, type: 'string' },
      { key: 'appPassword', value: defaults.appPassword, type: 'string' },
      { key: 'token', value: '', type: 'string' },
      { key: 'tokenExpiresAt', value: '0', type: 'string' },
      { key: 'userId', value: defaults.userId, type: 'string' },
      { key: 'userName', value: defaults.userName, type: 'string' },
      { key: 'publicId', value: defaults.publicId, type: 'string' },
      { key: 'templateId', value: defaults.templateId, type: 'string' },
      { key: 'msgId', value: '', type: 'string' },
    ],
    item: FOLDERS.map((folder) => ({
      name: folder.name,
      description: folder.description,
      item: spec.operations
        .filter((op) => op.tags.includes(folder.tag))
        .sort(bySection)
        .map((op) => itemOf(spec, op)),
    })),
  };
}
