// The back office's receipt: appId MSG + digits, appPassword in the real 43-character format.
import t from 'tap';
import { appFromForm, generateAppId, generateAppPassword } from './app-admin.js';
import { createIdSource } from './random.js';

t.test('appPassword is base64 (unpadded) of 32 hex characters', async (t) => {
  const password = generateAppPassword(createIdSource(7).random);
  t.equal(password.length, 43);
  t.match(Buffer.from(password, 'base64').toString('latin1'), /^[0-9a-f]{32}$/);
});

t.test('appId is MSG + digits and never one already taken', async (t) => {
  const ids = createIdSource(1);
  const first = generateAppId(ids.random, () => false);
  t.match(first, /^MSG\d{6}$/);
  const seen = new Set([first]);
  const again = generateAppId(createIdSource(1).random, (id) => seen.has(id));
  t.not(again, first);
});

t.test('defaults follow the document: user interfaces closed', async (t) => {
  const app = appFromForm({ name: '迎新系统', channels: ['Portal', 'SMS', 'IntelligenceMode'] }, createIdSource(3), () => false);
  t.same(app.interfaces, { userCount: false, userList: false });
  t.same(app.intelligenceOrder, ['Portal', 'SMS']);
  t.equal(app.status, 'enabled');
  t.same(app.ipWhitelist, []);
});
