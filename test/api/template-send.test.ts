// 5.3.3: every code a template send can produce, in the platform's check order, and the message it keeps.
import t from 'tap';
import { RSP_CODES, type RspCode } from '../../src/domain/codes.js';
import { loadScenario } from '../../src/store/scenarios.js';
import { getToken, postJson, request, startTestMock, lastDetail } from '../helpers/mock.js';
import { ACCOUNTS, OTHER_APP, TEMPLATES, sendTemplate, templateBody } from '../helpers/wechat.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('a send succeeds synchronously and keeps the rendered message', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const data = {
    first: { value: '您好，您有一条待办审批提醒' },
    keyword1: { value: 'OA办公系统' },
    keyword2: { value: '办公用品申领' },
    keyword3: { value: '记事本办公用品申领' },
    keyword4: { value: '肖贾' },
    keyword5: { value: '领导审批' },
    remark: { value: '请及时处理', color: '#173177' },
  };
  const res = await sendTemplate(mock.url, templateBody(token, { data, messageType: '2', pcUrl: 'https://pc.example.edu.cn/todo/1' }));
  t.equal(res.status, 200);
  t.equal(res.json.rspCode, '000000');
  t.match(res.text, /^\{"rspCode":"000000","rspMsg":"操作完成","debuggerErrorMsg":null,"resultData":\{"messageId":"[^"]+","status":"0","info":"发送成功"\}\}$/);
  const { messageId } = res.json.resultData;
  t.match(messageId, UUID_V4);

  const stored = mock.platform.wechat.templateMessage(messageId)!;
  t.equal(stored.text, '您好，您有一条待办审批提醒\n业务系统：OA办公系统\n所属业务：办公用品申领\n代办事项：记事本办公用品申领\n申请人：肖贾\n当前环节：领导审批\n请及时处理', 'the template content with the values filled in');
  t.match(stored, {
    messageId,
    appId: 'MSG123456',
    userId: '20230001',
    openid: 'oFjNhUgWxmvuloOowaSlOA31veP8',
    publicId: ACCOUNTS.main,
    publicName: '示例大学服务号',
    templateId: TEMPLATES.approval,
    templateTitle: '待办审批提醒',
    messageType: '2',
    url: 'https://www.vanytech.com',
    pcUrl: 'https://pc.example.edu.cn/todo/1',
    state: '1',
    sentAt: Number,
    stateChangedAt: null,
  });

  const inbox = await request(`${mock.url}/__umc/wechat/messages`);
  t.equal(inbox.json.total, 1, 'the control plane shows it');
  t.equal(inbox.json.items[0].text, stored.text);
  t.match(inbox.json.items[0].time, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});

t.test('first and remark are optional: they render empty; a notice has no todo state; unknown data keys are ignored', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await sendTemplate(
    mock.url,
    templateBody(token, { templateId: TEMPLATES.grades, userId: 'T0001', data: { keyword1: { value: '高等数学' }, keyword2: { value: 95 }, keyword3: { value: '2026-01-20' }, extra: { value: '多余' } } }),
  );
  t.equal(res.json.rspCode, '000000');
  const stored = mock.platform.wechat.templateMessage(res.json.resultData.messageId)!;
  t.equal(stored.text, '\n课程名称：高等数学\n考试成绩：95\n发布时间：2026-01-20\n', 'a number value is taken as its text');
  t.equal(stored.state, null);
  t.equal(stored.openid, 'oFjNhUZ1jgECCxtc-1uM_Yv_LKIr');
});

t.test('600004 userId, 600005 publicId, 600006 templateId/data, 500001 messageType/url: checked in parameter order', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['no userId', { userId: undefined }, '600004', /^userId不能为空$/],
    ['blank userId', { userId: '  ' }, '600004', /userId/],
    ['no publicId', { publicId: undefined }, '600005', /^publicId不能为空$/],
    ['blank publicId', { publicId: '' }, '600005', /publicId/],
    ['no templateId', { templateId: undefined }, '600006', /^templateId不能为空$/],
    ['no data', { data: undefined }, '600006', /data不能为空/],
    ['empty data', { data: {} }, '600006', /^data不能为空/],
    ['data not an object', { data: '内容' }, '600006', /data/],
    // An entry without a value is a keyword not given (Spring Boot's Jackson ignores the unknown "text").
    ['data entry without value', { data: { keyword1: { text: 'x' } } }, '600007', /keyword1/],
    ['data entry not an object', { data: { keyword1: 'x' } }, '600006', /data/],
    ['no messageType', { messageType: undefined }, '500001', /^messageType不能为空$/],
    ['messageType 3', { messageType: '3' }, '500001', /^messageType取值不合法/],
    ['no url', { url: undefined }, '500001', /^url不能为空$/],
    ['userId and publicId both missing', { userId: undefined, publicId: undefined }, '600004', /userId/],
  ];
  for (const [name, overrides, code, message] of cases) {
    const res = await sendTemplate(mock.url, templateBody(token, overrides));
    t.equal(res.json.rspCode, code, name);
    // 500001 names the field; the other codes answer their table text and the journal names it.
    if (code === '500001') t.match(res.json.rspMsg, message, `${name}: ${res.json.rspMsg}`);
    else {
      t.equal(res.json.rspMsg, RSP_CODES[code as RspCode], name);
      t.match(await lastDetail(mock.url), message, name);
    }
    t.equal(res.json.debuggerErrorMsg, null, name);
    t.equal(res.json.resultData, null, name);
  }
  t.equal(mock.platform.wechat.state.templateMessages.length, 0, 'nothing was sent');
});

t.test('500010 when the app has no official-account channel (before the account checks)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url, OTHER_APP);
  const res = await sendTemplate(mock.url, templateBody(token));
  t.same(res.json, { rspCode: '500010', rspMsg: '未开通发送渠道的权限', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '应用未开通公众号（OfficialAccount）渠道');
  const unknownAccount = await sendTemplate(mock.url, templateBody(token, { publicId: 'nope' }));
  t.equal(unknownAccount.json.rspCode, '500010');
});

t.test('600000 unknown, 600011 disabled, 600022 unbound account', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const unknown = await sendTemplate(mock.url, templateBody(token, { publicId: 'c3cbcaaa-0000-466c-b7ce-dd7e07f20b75' }));
  t.same(unknown.json, { rspCode: '600000', rspMsg: '对应的公众平台不存在', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), 'publicId=c3cbcaaa-0000-466c-b7ce-dd7e07f20b75');
  const disabled = await sendTemplate(mock.url, templateBody(token, { publicId: ACCOUNTS.disabled, templateId: 'tBrE3C4qQLAAIjd24DIL0OuHSny0DrNxNmJA4luSa8A', data: { keyword1: { value: 'x' } } }));
  t.equal(disabled.json.rspCode, '600011');
  t.equal(disabled.json.rspMsg, '公众平台已禁用');
  t.equal(await lastDetail(mock.url), '示例大学旧服务号');
  const unbound = await sendTemplate(mock.url, templateBody(token, { publicId: ACCOUNTS.unbound, templateId: 'IJoxOqIOKz_90IsT-upEhb5d8tHObYvJMr44nQh9Ppu', data: { keyword1: { value: 'x' }, keyword2: { value: 'y' } } }));
  t.equal(unbound.json.rspCode, '600022');
  t.equal(unbound.json.rspMsg, '没有发送的当前公众号的权利,请联系管理员进行绑定');
  t.equal(await lastDetail(mock.url), '示例大学图书馆');
});

t.test('600003 for a person without an openid on that account, before any call to WeChat', async (t) => {
  const scenario = loadScenario('default');
  scenario.apps[0]!.publicIds.push(ACCOUNTS.tokenLost);
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  const res = await sendTemplate(mock.url, templateBody(token, { userId: '20230009' }));
  t.same(res.json, { rspCode: '600003', rspMsg: '系统不存在对应的公众平台人员标识', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '用户20230009在公众号“示例大学服务号”下没有openid');
  const notInDirectory = await sendTemplate(mock.url, templateBody(token, { userId: 'yezz' }));
  t.equal(notInDirectory.json.rspCode, '600003', 'someone unknown to the platform has no openid either');
  const otherAccount = await sendTemplate(mock.url, templateBody(token, { userId: '20230004', publicId: ACCOUNTS.graduate, templateId: TEMPLATES.graduateApproval }));
  t.equal(otherAccount.json.rspCode, '600003', 'openids are per account: 20230004 follows the main account only');
  const beforeFault = await sendTemplate(mock.url, templateBody(token, { userId: '20230003', publicId: ACCOUNTS.tokenLost }));
  t.equal(beforeFault.json.rspCode, '600003', 'the openid is looked up before the account token is needed');
});

t.test('600002 / 600001 from the account\'s simulated WeChat fault', async (t) => {
  const scenario = loadScenario('default');
  scenario.apps[0]!.publicIds.push(ACCOUNTS.tokenLost, ACCOUNTS.fetchFailed);
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  const lost = await sendTemplate(mock.url, templateBody(token, { publicId: ACCOUNTS.tokenLost }));
  t.same(lost.json, { rspCode: '600002', rspMsg: '公众号TOKEN失效', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学后勤服务');
  const failed = await sendTemplate(mock.url, templateBody(token, { publicId: ACCOUNTS.fetchFailed }));
  t.same(failed.json, { rspCode: '600001', rspMsg: '微信公众号获取数据失败', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学校友会');
  t.equal(mock.platform.wechat.state.templateMessages.length, 0);
});

t.test('600008 for a template the account does not have', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await sendTemplate(mock.url, templateBody(token, { templateId: TEMPLATES.graduateApproval }));
  t.same(res.json, { rspCode: '600008', rspMsg: '对应的模版消息不存在', debuggerErrorMsg: null, resultData: null }, 'another account\'s template');
  t.equal(await lastDetail(mock.url), `templateId=${TEMPLATES.graduateApproval}`);
  const made_up = await sendTemplate(mock.url, templateBody(token, { templateId: 'x'.repeat(43) }));
  t.equal(made_up.json.rspCode, '600008');
});

t.test('600007 names the first missing keyword; first and remark are never required', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const data = templateBody(token).data as Record<string, unknown>;
  const { keyword3: _3, ...withoutKeyword3 } = data;
  const res = await sendTemplate(mock.url, templateBody(token, { data: withoutKeyword3 }));
  t.same(res.json, { rspCode: '600007', rspMsg: '缺少对应的keyword的参数', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), 'keyword3');
  const onlyFirst = await sendTemplate(mock.url, templateBody(token, { data: { first: { value: '您好' }, remark: { value: '谢谢' } } }));
  t.equal(onlyFirst.json.rspMsg, '缺少对应的keyword的参数');
  t.equal(await lastDetail(mock.url), 'keyword1');
  const blankValue = await sendTemplate(mock.url, templateBody(token, { data: { ...data, keyword5: { value: '' } } }));
  t.equal(blankValue.json.rspCode, '000000', 'a keyword given with an empty value is present (assumption)');
});

t.test('600024 for a person who unsubscribed, only once the request is otherwise complete', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await sendTemplate(mock.url, templateBody(token, { userId: '20230010' }));
  t.same(res.json, { rspCode: '600024', rspMsg: '当前平台已经取消订阅', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '用户20230010已取消关注公众号“示例大学服务号”');
  const alsoMissing = await sendTemplate(mock.url, templateBody(token, { userId: '20230010', data: { keyword1: { value: 'x' } } }));
  t.equal(alsoMissing.json.rspCode, '600007', 'WeChat checks the template data before the subscription');
  const graduate = await sendTemplate(mock.url, templateBody(token, { userId: 'T0003', publicId: ACCOUNTS.graduate, templateId: TEMPLATES.graduateApproval }));
  t.equal(graduate.json.rspCode, '600024');
  t.equal(mock.platform.wechat.state.templateMessages.length, 0);
});

t.test('the document\'s example request (token inside the JSON body) reaches the account checks', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await postJson(`${mock.url}/message/sendTemplateApi`, { ...templateBody(token), userId: 'yezz', publicId: ACCOUNTS.graduate, templateId: TEMPLATES.graduateApproval });
  t.equal(res.json.rspCode, '600003', 'yezz has no openid in the default scenario');
});
