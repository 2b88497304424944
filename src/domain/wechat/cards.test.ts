// WeCom card building: userList splitting, byte and character limits, the WeCom channel, the directory.
import t from 'tap';
import type { App } from '../apps.js';
import { UmcError } from '../errors.js';
import { buildCard, directoryLookup, splitUserList } from './cards.js';

const app = { appId: 'MSG1', channels: ['WeChat'] } as unknown as App;

t.test('splitUserList: | and ｜, trimmed, blanks and repeats dropped', async (t) => {
  t.same(splitUserList('test1|test2'), ['test1', 'test2']);
  t.same(splitUserList('test1｜test2'), ['test1', 'test2']);
  t.same(splitUserList(' a | b｜ c ||a｜'), ['a', 'b', 'c']);
  t.same(splitUserList('|｜ '), []);
});

t.test('buildCard applies every limit and keeps what it cut', async (t) => {
  const card = buildCard(app, { userList: 'a|b', title: '汉'.repeat(43), description: 'd', url: 'https://x.cn', btnTxt: '更多数据详情' }, 'id1', 5);
  t.equal(card.title, '汉'.repeat(42));
  t.equal(card.btnTxt, '更多数据');
  t.same(card.truncated, { title: true, description: false, btnTxt: true });
  t.equal(buildCard(app, { userList: 'a', title: 't', description: 'd', url: 'https://x.cn' }, 'id2', 5).btnTxt, '详情');
});

t.test('buildCard refuses an empty userList (500001) before the channel (500010)', async (t) => {
  const portalOnly = { appId: 'MSG2', channels: ['Portal'] } as unknown as App;
  t.throws(() => buildCard(portalOnly, { userList: '｜', title: 't', description: 'd', url: 'https://x.cn' }, 'i', 0), new UmcError('500001', 'userList不能为空：至少需要一个用户账号，多个用|分隔'));
  t.throws(() => buildCard(portalOnly, { userList: 'a', title: 't', description: 'd', url: 'https://x.cn' }, 'i', 0), new UmcError('500010', '应用未开通企业微信（WeChat）渠道'));
});

t.test('the directory decides who WeCom skips; no directory, nobody is skipped', async (t) => {
  const inDirectory = directoryLookup([{ userId: '20230001' }, { name: 'no id' }, null]);
  const card = buildCard(app, { userList: '20230001|ghost', title: 't', description: 'd', url: 'https://x.cn' }, 'i', 0, inDirectory);
  t.same(card.users, ['20230001']);
  t.same(card.invalidUsers, ['ghost']);
  t.equal(directoryLookup(undefined), undefined);
  t.same(buildCard(app, { userList: 'ghost', title: 't', description: 'd', url: 'https://x.cn' }, 'i', 0).users, ['ghost']);
});
