// 5.2.2: an account's templates as WeChat holds them, and every 600xxx code for an account the app may not use.
import t from 'tap';
import { getToken, postForm, startTestMock, lastDetail } from '../helpers/mock.js';
import { ACCOUNTS, OTHER_APP, TEMPLATES, getTemplateList } from '../helpers/wechat.js';

const TEMPLATE_ID = /^[A-Za-z0-9_-]{43}$/;

t.test('lists the templates of a bound account with WeChat placeholders', async (t) => {
  const mock = await startTestMock(t);
  const res = await getTemplateList(mock.url, await getToken(mock.url), ACCOUNTS.main);
  t.equal(res.json.rspCode, '000000');
  t.equal(res.json.debuggerErrorMsg, null);
  t.match(res.text, /^\{"rspCode":"000000","rspMsg":"操作完成","debuggerErrorMsg":null,"resultData":\[\{"template_id":"/);
  const templates = res.json.resultData as Record<string, string>[];
  t.equal(templates.length, 3);
  t.same(templates[0], {
    template_id: TEMPLATES.approval,
    title: '待办审批提醒',
    primary_industry: 'IT科技',
    deputy_industry: 'IT软件与服务',
    content: '{{first.DATA}}\n业务系统：{{keyword1.DATA}}\n所属业务：{{keyword2.DATA}}\n代办事项：{{keyword3.DATA}}\n申请人：{{keyword4.DATA}}\n当前环节：{{keyword5.DATA}}\n{{remark.DATA}}',
    example: '您好，您有一条待办审批提醒\r\n业务系统：EHR\r\n所属业务：请假申请\r\n代办事项：张三的请假待审批\r\n申请人：张三\r\n当前环节：待审批\r\n请及时处理',
  });
  for (const tpl of templates) {
    t.match(tpl.template_id, TEMPLATE_ID, `${tpl.title}: a 43-character WeChat template_id`);
    t.match(tpl.content, /\{\{keyword1\.DATA\}\}/, `${tpl.title}: keyword placeholders`);
    t.same(Object.keys(tpl), ['template_id', 'title', 'primary_industry', 'deputy_industry', 'content', 'example']);
  }
  const graduate = await getTemplateList(mock.url, await getToken(mock.url), ACCOUNTS.graduate);
  t.same(graduate.json.resultData.map((x: { template_id: string }) => x.template_id), [TEMPLATES.graduateApproval, '0qP-fels3ndiALS-StkTZE5Zbj4u_jQiwihi7-Z7_mW'], 'each account has its own templates');
});

t.test('publicId is read from the query string or a form body', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await postForm(`${mock.url}/message/getTemplateList?token=${token}`, { publicId: ACCOUNTS.main });
  t.equal(res.json.rspCode, '000000');
});

t.test('600005 when publicId is missing or blank', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  for (const publicId of [undefined, '', '   ']) {
    const res = await getTemplateList(mock.url, token, publicId);
    t.equal(res.json.rspCode, '600005', `publicId=${JSON.stringify(publicId)}`);
    t.equal(res.json.rspMsg, '公众平台信息不能为空');
    t.match(await lastDetail(mock.url), /publicId/, 'the journal names the field');
    t.equal(res.json.debuggerErrorMsg, null);
    t.equal(res.json.resultData, null);
  }
});

t.test('600000 unknown, 600011 disabled, 600022 not bound to this app', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const unknown = await getTemplateList(mock.url, token, '00000000-0000-4000-8000-000000000000');
  t.same(unknown.json, { rspCode: '600000', rspMsg: '对应的公众平台不存在', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), 'publicId=00000000-0000-4000-8000-000000000000');
  const disabled = await getTemplateList(mock.url, token, ACCOUNTS.disabled);
  t.same(disabled.json, { rspCode: '600011', rspMsg: '公众平台已禁用', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学旧服务号');
  const unbound = await getTemplateList(mock.url, token, ACCOUNTS.unbound);
  t.same(unbound.json, { rspCode: '600022', rspMsg: '没有发送的当前公众号的权利,请联系管理员进行绑定', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学图书馆');
  const othersFaulty = await getTemplateList(mock.url, token, ACCOUNTS.tokenLost);
  t.equal(othersFaulty.json.rspCode, '600022', 'another app\'s account: not bound, whatever its faults');
});

t.test('a disabled account answers 600011 even to an app it is not bound to (checked before the binding)', async (t) => {
  const mock = await startTestMock(t);
  const res = await getTemplateList(mock.url, await getToken(mock.url, OTHER_APP), ACCOUNTS.disabled);
  t.equal(res.json.rspCode, '600011');
});

t.test('600002 / 600001 for a bound account whose WeChat token is lost or whose data cannot be fetched', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url, OTHER_APP);
  const lost = await getTemplateList(mock.url, token, ACCOUNTS.tokenLost);
  t.same(lost.json, { rspCode: '600002', rspMsg: '公众号TOKEN失效', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学后勤服务');
  const failed = await getTemplateList(mock.url, token, ACCOUNTS.fetchFailed);
  t.same(failed.json, { rspCode: '600001', rspMsg: '微信公众号获取数据失败', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学校友会');
  const healthy = await getTemplateList(mock.url, token, ACCOUNTS.main);
  t.equal(healthy.json.rspCode, '000000', 'a healthy account of the same app still answers');
});
