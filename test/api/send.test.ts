// 5.3.1 sendMessageApi: every parameter rule (500001 naming the field), then each business
// refusal in its situation, and what an accepted send answers.
import t from 'tap';
import { getToken, postForm, request, startTestMock, lastDetail } from '../helpers/mock.js';
import { OTHER_APP, chinaTimeIn, receivers, scenarioWith, send, sendParams } from '../helpers/messaging.js';

const URL_PATH = '/message/sendMessageApi';

t.test('500001 names the field for every parameter rule of the document', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ['msgtitle missing', { msgtitle: undefined }, /^msgtitle不能为空$/],
    ['msgtitle over 100', { msgtitle: '题'.repeat(101) }, /^msgtitle长度不能超过100$/],
    ['msgType missing', { msgType: undefined }, /^msgType不能为空$/],
    ['msgType unknown', { msgType: '3' }, /^msgType取值不合法/],
    ['msgContent missing', { msgContent: undefined }, /^msgContent不能为空$/],
    ['msgType 2 with a non-URL', { msgType: '2', msgContent: '不是链接' }, /msgType为2（外链）时msgContent必须是http或https地址/],
    ['msgType 2 with ftp', { msgType: '2', msgContent: 'ftp://example.edu.cn/a' }, /msgContent必须是http或https地址/],
    ['sendStatus missing', { sendStatus: undefined }, /^sendStatus不能为空$/],
    ['sendStatus unknown', { sendStatus: '3' }, /^sendStatus取值不合法/],
    ['scheduled without sendTime', { sendStatus: '2' }, /sendStatus为2（定时消息）时sendTime不能为空/],
    ['sendTime malformed', { sendStatus: '2', sendTime: '2030/01/01 08:00' }, /^sendTime格式不正确/],
    ['sendTime not a real date', { sendStatus: '2', sendTime: '2030-02-30 08:00:00' }, /^sendTime格式不正确/],
    ['sendChannel missing', { sendChannel: undefined }, /^sendChannel不能为空$/],
    ['sendChannel unknown name', { sendChannel: 'Portal,QQ' }, /^sendChannel取值不合法/],
    ['sendChannel with a Chinese comma', { sendChannel: 'Portal，SMS' }, /^sendChannel取值不合法/],
    ['sendMode missing', { sendMode: undefined }, /^sendMode不能为空$/],
    ['sendMode other than normal', { sendMode: 'fast' }, /^sendMode取值不合法/],
    ['receivers missing', { receivers: undefined }, /^receivers不能为空$/],
    ['receivers not a JSON array', { receivers: '20230001' }, /^receivers必须是JSON数组$/],
    ['receivers not JSON', { receivers: '[{userId:1}]' }, /^receivers不是合法的JSON/],
    ['receivers empty array', { receivers: '[]' }, /^receivers不能为空数组$/],
    ['receiver without userId', { receivers: '[{"name":"张三"}]' }, /^receivers\[0\]\.userId不能为空$/],
    ['receiver of another type', { receivers: '[{"type":"Dept","userId":"D01"}]' }, /^receivers\[0\]\.type取值不合法：只支持User$/],
    ['sendMsgType unknown', { sendMsgType: '2' }, /^sendMsgType取值不合法/],
    ['todo without waitLink', { sendMsgType: '4' }, /sendMsgType为4（待办）时waitLink不能为空/],
    ['summary over 255', { summary: 'x'.repeat(256) }, /^summary长度不能超过255$/],
    ['iconUrl over 100', { iconUrl: `https://example.edu.cn/${'i'.repeat(80)}.png` }, /^iconUrl长度不能超过100$/],
    ['isReply unknown', { isReply: '2' }, /^isReply取值不合法/],
    ['waitLink over 1024', { waitLink: `https://example.edu.cn/${'w'.repeat(1010)}` }, /^waitLink长度不能超过1024$/],
    ['pcUrl over 1024', { pcUrl: `https://example.edu.cn/${'p'.repeat(1010)}` }, /^pcUrl长度不能超过1024$/],
  ];
  for (const [name, overrides, message] of cases) {
    const res = await send(mock.url, token, overrides);
    t.equal(res.json.rspCode, '500001', name);
    t.match(res.json.rspMsg, message, name);
    t.equal(res.json.resultData, null, name);
  }
});

t.test('sendTime must be more than 10 minutes ahead of the platform clock (500001 naming sendTime)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  for (const minutes of [-60, 0, 9, 10]) {
    const res = await send(mock.url, token, { sendStatus: '2', sendTime: await chinaTimeIn(mock.url, minutes) });
    t.equal(res.json.rspCode, '500001', `${minutes} minutes ahead`);
    t.match(res.json.rspMsg, /^sendTime必须大于系统当前时间10分钟以上/);
  }
  const ok = await send(mock.url, token, { sendStatus: '2', sendTime: await chinaTimeIn(mock.url, 11) });
  t.equal(ok.json.rspCode, '000000', '11 minutes ahead is accepted');
  const immediate = await send(mock.url, token, { sendStatus: '1', sendTime: await chinaTimeIn(mock.url, -60) });
  t.equal(immediate.json.rspCode, '000000', 'sendTime is ignored for an immediate send');
});

t.test('an accepted send answers msgId and the noSubscribe fields as the document example shows', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await send(mock.url, token, { receivers: receivers('20230001', '20230002') });
  t.equal(res.json.rspCode, '000000');
  t.equal(res.json.rspMsg, '操作完成');
  t.match(res.json.resultData.msgId, /^[0-9a-f-]{36}$/);
  t.match(res.text, /^\{"rspCode":"000000","rspMsg":"操作完成","resultData":\{"msgId":"[^"]+","noSubscribeStatus":"0","noSubscribeList":\[\]\}\}$/);

  const partly = await send(mock.url, token, { receivers: '[{"type":"User","userId":"20230001","name":"张三"},{"type":"User","userId":"20230008","name":"郑老十"},{"userId":"20230010"}]' });
  t.equal(partly.json.rspCode, '000000');
  t.same(partly.json.resultData.noSubscribeList, [
    { type: 'User', userId: '20230008', userName: '郑老十' },
    { type: 'User', userId: '20230010', userName: '冯十二' },
  ], 'the name given by the caller, else the directory name; type defaults to User');
  t.equal(partly.json.resultData.noSubscribeStatus, '1');
});

t.test('hand-built form bodies are read like the platform does; sendChannel is names and English commas, nothing else', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const raw = (channels: string) => `token=${token}&msgtitle=通知&msgType=1&msgContent=内容&sendStatus=1&sendChannel=${channels}&sendMode=normal&receivers=[{"userId": "20230001","name":"张三"}]`;
  const res = await postForm(`${mock.url}${URL_PATH}`, raw('Portal,Mail'));
  t.equal(res.json.rspCode, '000000', res.text);
  // "使用多个渠道用英文逗号隔开": " Mail" is none of the listed names (a servlet's split(",") keeps the space).
  for (const channels of ['Portal , Mail', 'Portal, Mail', 'Portal ,Mail', ' Portal', 'Portal，Mail', 'Portal;Mail', 'Portal,,Mail', 'Portal,']) {
    const refused = await postForm(`${mock.url}${URL_PATH}`, raw(channels));
    t.same(refused.json, { rspCode: '500001', rspMsg: 'sendChannel取值不合法：可选WeChat、DingTalk、Mail、SMS、IntelligenceMode、Portal，多个渠道用英文逗号隔开', resultData: null }, JSON.stringify(channels));
  }
});

t.test('a channel named twice is used once; IntelligenceMode beside an explicit channel: both (decisions, labelled)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const view = async (msgId: string) => (await request(`${mock.url}/__umc/messages/${msgId}`)).json;
  const twice = await send(mock.url, token, { sendChannel: 'Portal,Portal', receivers: receivers('20230001') });
  t.equal(twice.json.rspCode, '000000');
  const once = await view(twice.json.resultData.msgId);
  t.same(once.channels, ['Portal']);
  t.same(once.recipients[0].attempts.map((a: { channel: string }) => a.channel), ['Portal'], 'one Portal attempt, not two');
  const both = await send(mock.url, token, { sendChannel: 'IntelligenceMode,SMS', receivers: receivers('20230001') });
  t.equal(both.json.rspCode, '000000', 'IntelligenceMode with an explicit channel is accepted');
  const seen = await view(both.json.resultData.msgId);
  t.same(seen.channels, ['IntelligenceMode', 'SMS']);
  t.same(seen.recipients[0].attempts.map((a: { channel: string }) => a.channel).sort(), ['SMS', 'WeChat'], "the explicit SMS, and the intelligent walk's first channel (WeChat, which reaches 张三)");
  t.equal((await send(mock.url, token, { sendChannel: 'IntelligenceMode,SMS', msgContent: '【研发部】明天停电' })).json.rspCode, '500012', 'the explicit SMS is checked for 【】');
  const spec = (await import('../../src/spec/load.js')).loadSpec();
  const notes = spec.byId.get('sendMessageApi')!.assumptions.join('\n');
  t.match(notes, /重复的渠道（如Portal,Portal）只算一次/, 'labelled as our decision');
  t.match(notes, /IntelligenceMode与显式渠道一起出现/, 'labelled as our decision');
});

t.test('500007 when no receiver is left subscribed', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await send(mock.url, token, { receivers: receivers('20230008', '20230010') });
  t.equal(res.json.rspCode, '500007');
  t.match(res.json.rspMsg, /^不存在订阅的人员数据/);
  const other = await getToken(mock.url, OTHER_APP);
  const stillSubscribed = await send(mock.url, other, { receivers: receivers('20230008') });
  t.equal(stillSubscribed.json.rspCode, '000000', 'unsubscribing is per app');
});

t.test('500010 for a channel the app may not use', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url, OTHER_APP);
  for (const channel of ['SMS', 'WeChat', 'Mail', 'DingTalk', 'IntelligenceMode', 'Portal,SMS']) {
    const res = await send(mock.url, token, { sendChannel: channel });
    t.equal(res.json.rspCode, '500010', channel);
    t.equal(res.json.rspMsg, '未开通发送渠道的权限');
    t.match(await lastDetail(mock.url), /^应用MSG200001未开通/);
  }
  t.equal((await send(mock.url, token, { sendChannel: 'Portal' })).json.rspCode, '000000', 'Portal is open to it');
});

t.test('500011 for IntelligenceMode when the app configured no channel for it', async (t) => {
  const scenario = scenarioWith((s) => {
    s.apps[0]!.intelligenceOrder = [];
    s.apps[1]!.channels = ['Portal', 'IntelligenceMode'];
    s.apps[1]!.intelligenceOrder = ['SMS', 'Mail'];
  });
  const mock = await startTestMock(t, { scenario });
  const res = await send(mock.url, await getToken(mock.url), { sendChannel: 'IntelligenceMode' });
  t.equal(res.json.rspCode, '500011');
  t.match(res.json.rspMsg, /^使用智能模式未开通至少一个渠道/);
  const onlyForeign = await send(mock.url, await getToken(mock.url, OTHER_APP), { sendChannel: 'IntelligenceMode' });
  t.equal(onlyForeign.json.rspCode, '500011', 'an order naming only channels the app lacks counts as none');
});

t.test('500012 for 【】 in text sent by SMS; 〖〗 is fine', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await send(mock.url, token, { sendChannel: 'Portal,SMS', msgContent: '【研发部】明天停电' });
  t.equal(res.json.rspCode, '500012');
  t.equal(res.json.rspMsg, '不合法的请求内容');
  t.match(await lastDetail(mock.url), /【】.*〖〗/);
  t.equal((await send(mock.url, token, { sendChannel: 'SMS', msgContent: '〖研发部〗明天停电' })).json.rspCode, '000000');
  t.equal((await send(mock.url, token, { sendChannel: 'Portal', msgContent: '【研发部】明天停电' })).json.rspCode, '000000', 'only SMS text is concerned');
});

t.test('500013 for a sensitive word in the title, summary or content', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  for (const [field, overrides] of [
    ['msgtitle', { msgtitle: '关于赌博的警示' }],
    ['summary', { summary: '刷单返利骗局' }],
    ['msgContent', { msgContent: '<p>代开发票</p>' }],
  ] as const) {
    const res = await send(mock.url, token, overrides);
    t.equal(res.json.rspCode, '500013', field);
    t.equal(res.json.rspMsg, '消息具有敏感词汇', field);
    t.match(await lastDetail(mock.url), new RegExp(`^${field}包含敏感词`), field);
  }
});

t.test('500014 for a closed channel, also when every IntelligenceMode channel is closed', async (t) => {
  const scenario = scenarioWith((s) => {
    s.delivery = { ...s.delivery, closedChannels: ['SMS'] };
  });
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  const res = await send(mock.url, token, { sendChannel: 'Portal,SMS' });
  t.equal(res.json.rspCode, '500014');
  t.equal(res.json.rspMsg, '渠道已关闭');
  t.match(await lastDetail(mock.url), /^SMS（短信）/);
  t.equal((await send(mock.url, token, { sendChannel: 'IntelligenceMode' })).json.rspCode, '000000', 'IntelligenceMode skips a closed channel');

  const allClosed = await startTestMock(t, { scenario: scenarioWith((s) => (s.delivery = { closedChannels: ['WeChat', 'DingTalk', 'SMS', 'Mail', 'Portal'] })) });
  const r2 = await send(allClosed.url, await getToken(allClosed.url), { sendChannel: 'IntelligenceMode' });
  t.equal(r2.json.rspCode, '500014');
});

t.test('100011 when the SMS quota cannot cover receivers × segments', async (t) => {
  const scenario = scenarioWith((s) => (s.apps[0]!.smsQuota = 5));
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  const long = '长'.repeat(71); // 2 segments of 67
  const tooMuch = await send(mock.url, token, { sendChannel: 'SMS', msgContent: long, receivers: receivers('20230001', '20230002', 'T0001') });
  t.equal(tooMuch.json.rspCode, '100011', '3 receivers × 2 segments = 6 > 5');
  t.equal(tooMuch.json.rspMsg, '发送短信额度不足');
  t.match(await lastDetail(mock.url), /^本次需要6条短信，剩余额度5条/);
  t.equal((await send(mock.url, token, { sendChannel: 'SMS', msgContent: long, receivers: receivers('20230001', '20230002') })).json.rspCode, '000000', '4 ≤ 5');
  const left = await send(mock.url, token, { sendChannel: 'SMS', msgContent: '短', receivers: receivers('20230001', '20230002') });
  t.equal(left.json.rspCode, '100011', 'the quota was spent: 1 left, 2 needed');
  t.equal((await send(mock.url, token, { sendChannel: 'SMS', msgContent: '短', receivers: receivers('20230001', '20230003') })).json.rspCode, '000000', 'a person without a mobile costs nothing');
});

t.test('500015 for a duplicate pending todo; a different waitLink, title or receiver is another todo', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const todo = { sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/1', receivers: receivers('20230001', '20230002') };
  const first = await send(mock.url, token, todo);
  t.equal(first.json.rspCode, '000000');
  const again = await send(mock.url, token, { ...todo, receivers: receivers('20230002', '20230001') });
  t.equal(again.json.rspCode, '500015', 'same receivers in another order');
  t.equal(again.json.rspMsg, '重复发送待办/任务消息');
  t.match(await lastDetail(mock.url), new RegExp(`^与仍待办理的待办消息${first.json.resultData.msgId}`));
  t.equal((await send(mock.url, token, { ...todo, waitLink: 'https://oa.example.edu.cn/todo/2' })).json.rspCode, '000000');
  t.equal((await send(mock.url, token, { ...todo, msgtitle: '另一个待办' })).json.rspCode, '000000');
  t.equal((await send(mock.url, token, { ...todo, receivers: receivers('20230001') })).json.rspCode, '000000');
  t.equal((await send(mock.url, token, { ...todo, sendMsgType: '1' })).json.rspCode, '000000', 'notices are never duplicates');
  const otherApp = await getToken(mock.url, OTHER_APP);
  t.equal((await send(mock.url, otherApp, todo)).json.rspCode, '000000', 'another app may send the same todo');
});

t.test('the checks run in a fixed order: parameters, channels, content, receivers, duplicates, quota', async (t) => {
  const scenario = scenarioWith((s) => (s.apps[0]!.smsQuota = 0));
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  const all = { sendChannel: 'SMS', msgContent: '【赌博】', receivers: receivers('20230008') };
  t.equal((await send(mock.url, token, { ...all, msgtitle: 'x'.repeat(101) })).json.rspCode, '500001');
  const other = await getToken(mock.url, OTHER_APP);
  t.equal((await send(mock.url, other, all)).json.rspCode, '500010');
  t.equal((await send(mock.url, token, all)).json.rspCode, '500012');
  t.equal((await send(mock.url, token, { ...all, msgContent: '赌博' })).json.rspCode, '500013');
  t.equal((await send(mock.url, token, { ...all, msgContent: '通知' })).json.rspCode, '500007');
  t.equal((await send(mock.url, token, { ...all, msgContent: '通知', receivers: receivers('20230001') })).json.rspCode, '100011');
  t.ok(sendParams(token).token);
});
