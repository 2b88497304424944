// The directory: GET /__umc/users shows who exists and how each person can be reached, so an
// integrator (or a test) can pick the right person for the behaviour they want to see.
import t from 'tap';
import { request, startTestMock } from '../helpers/mock.js';

t.test('GET /__umc/users lists people with their bindings and reachable channels', async (t) => {
  const mock = await startTestMock(t);
  const res = await request(`${mock.url}/__umc/users`);
  t.equal(res.status, 200);
  const people: any[] = res.json.users;
  t.equal(res.json.total, people.length);
  const byId = new Map(people.map((p) => [p.userId, p]));
  const everywhere = byId.get('20230001');
  t.match(everywhere, { name: '张三', mobile: '13800138001', mobileValid: true, email: 'zhangsan@example.edu.cn', wecomId: 'zhangsan', dingtalkId: 'dt-zhangsan', unsubscribedApps: [] });
  t.same(everywhere.reachable, { Portal: true, WeChat: true, DingTalk: true, Mail: true, SMS: true });

  t.same(byId.get('20230003').reachable, { Portal: true, WeChat: true, DingTalk: true, Mail: true, SMS: false }, 'no mobile');
  t.equal(byId.get('20230003').mobile, null);
  t.equal(byId.get('20230004').reachable.Mail, false, 'no e-mail');
  t.equal(byId.get('20230005').reachable.WeChat, false, 'no WeCom account');
  t.equal(byId.get('20230006').reachable.DingTalk, false, 'no DingTalk account');
  t.match(byId.get('20230007'), { mobile: '1380013800', mobileValid: false, reachable: { SMS: false } }, 'malformed mobile');
  t.same(byId.get('20230008').unsubscribedApps, ['MSG123456'], 'unsubscribed from the default app');
  t.same(byId.get('20230009').reachable, { Portal: true, WeChat: false, DingTalk: false, Mail: false, SMS: false }, 'portal is always there');
});

t.test('a scenario without people.json has an empty directory', async (t) => {
  const { loadScenario } = await import('../../src/store/scenarios.js');
  const scenario = loadScenario('default');
  delete scenario.people;
  const mock = await startTestMock(t, { scenario });
  t.same((await request(`${mock.url}/__umc/users`)).json, { total: 0, users: [] });
});
