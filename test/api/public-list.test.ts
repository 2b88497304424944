// 5.2.1: an app sees exactly the official accounts bound to it, and WeChat-side faults fail the list.
import t from 'tap';
import { loadScenario } from '../../src/store/scenarios.js';
import { getToken, startTestMock, lastDetail } from '../helpers/mock.js';
import { ACCOUNTS, OTHER_APP, getPublicList } from '../helpers/wechat.js';

t.test('lists the accounts bound to the calling app, enabled and disabled, in binding order', async (t) => {
  const mock = await startTestMock(t);
  const res = await getPublicList(mock.url, await getToken(mock.url));
  t.equal(res.status, 200);
  t.same(res.json, {
    rspCode: '000000',
    rspMsg: '操作完成',
    debuggerErrorMsg: null,
    resultData: [
      { appId: 'MSG123456', publicName: '示例大学服务号', publicId: ACCOUNTS.main, remark: '面向全校师生的通知与待办提醒', status: '1' },
      { appId: 'MSG123456', publicName: '示例大学研究生院', publicId: ACCOUNTS.graduate, remark: '研究生培养与学位事务', status: '1' },
      { appId: 'MSG123456', publicName: '示例大学旧服务号', publicId: ACCOUNTS.disabled, remark: '已迁移至示例大学服务号，停止使用', status: '2' },
    ],
  });
  t.match(res.text, /^\{"rspCode":"000000","rspMsg":"操作完成","debuggerErrorMsg":null,"resultData":\[\{"appId":"MSG123456",/, 'compact, in the document\'s field order');
  t.notOk(res.text.includes(ACCOUNTS.unbound), 'an account bound to no app is never listed');
});

t.test('an app with no bound account gets an empty list (assumption); unknown bound ids are skipped', async (t) => {
  const scenario = loadScenario('default');
  scenario.apps[1]!.publicIds = [];
  scenario.apps[0]!.publicIds = ['00000000-0000-4000-8000-000000000000', ACCOUNTS.graduate];
  const mock = await startTestMock(t, { scenario });
  const none = await getPublicList(mock.url, await getToken(mock.url, OTHER_APP));
  t.same(none.json, { rspCode: '000000', rspMsg: '操作完成', debuggerErrorMsg: null, resultData: [] });
  const dangling = await getPublicList(mock.url, await getToken(mock.url));
  t.same(dangling.json.resultData.map((a: { publicId: string }) => a.publicId), [ACCOUNTS.graduate]);
});

t.test('600002 / 600001 when a bound account has lost its WeChat token or cannot be fetched', async (t) => {
  const mock = await startTestMock(t);
  const res = await getPublicList(mock.url, await getToken(mock.url, OTHER_APP));
  t.same(res.json, { rspCode: '600002', rspMsg: '公众号TOKEN失效', debuggerErrorMsg: null, resultData: null }, 'MSG200001 has the tokenLost account bound');
  t.equal(await lastDetail(mock.url), '示例大学后勤服务');

  mock.platform.app(OTHER_APP.appId)!.publicIds = [ACCOUNTS.main, ACCOUNTS.fetchFailed];
  const fetch = await getPublicList(mock.url, await getToken(mock.url, OTHER_APP));
  t.same(fetch.json, { rspCode: '600001', rspMsg: '微信公众号获取数据失败', debuggerErrorMsg: null, resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学校友会');
});
