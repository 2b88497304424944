// --data on disk: the log is compacted by size as well as by count, and every file is the owner's only.
import t from 'tap';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDataMock } from '../helpers/data-files.js';
import { getToken, postForm } from '../helpers/mock.js';

const SEND = { msgType: '1', sendStatus: '1', sendMode: 'normal', sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' };

function mode(file: string): string {
  return (statSync(file).mode & 0o777).toString(8);
}

t.test('the log is compacted once it passes the size bound, whatever the number of changes', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'umc-size-')), 'state.json');
  const bound = 64 * 1024;
  const mock = await startDataMock(file, { compactBytes: bound });
  const token = await getToken(mock.url);
  let largest = 0;
  for (let i = 0; i < 40; i++) {
    const res = await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, msgtitle: `大消息${i}`, msgContent: '长'.repeat(4000) });
    t.equal(res.json.rspCode, '000000');
    await new Promise((resolve) => setImmediate(resolve));
    largest = Math.max(largest, statSync(`${file}.log`).size);
  }
  // Each line is about 12 KB: 40 of them are 480 KB; the log never holds much more than the bound.
  t.ok(largest < bound + 16 * 1024, `the log peaked at ${largest} bytes (bound ${bound})`);
  t.ok(JSON.parse(readFileSync(file, 'utf8')).seq >= 35, 'the snapshot took the rest');
  await mock.app.close();
  const again = await startDataMock(file);
  t.equal(again.platform.messaging.snapshot().messages.size, 40, 'nothing lost to compaction');
  await again.app.close();
});

t.test('snapshot, log and lock are created 0600 and stay so after compaction, whatever the umask', async (t) => {
  const previous = process.umask(0);
  t.teardown(() => void process.umask(previous));
  const dir = mkdtempSync(join(tmpdir(), 'umc-mode-'));
  const file = join(dir, 'state.json');
  const mock = await startDataMock(file, { compactEvery: 3 });
  for (const f of [file, `${file}.log`, `${file}.lock`]) t.equal(mode(f), '600', `${f} after creation`);
  const token = await getToken(mock.url);
  for (let i = 0; i < 7; i++) await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, msgtitle: `通知${i}`, msgContent: '内容' });
  await new Promise((resolve) => setImmediate(resolve));
  t.ok(JSON.parse(readFileSync(file, 'utf8')).seq >= 6, 'compacted meanwhile');
  for (const f of [file, `${file}.log`]) t.equal(mode(f), '600', `${f} after compaction`);
  await mock.app.close();
  t.equal(mode(file), '600', 'and after the snapshot at close');
  t.same(readdirSync(dir).sort(), ['state.json', 'state.json.log'], 'no temp file left behind');
});

t.test('files an older version left 0644 are made 0600 on load', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-mode-'));
  const file = join(dir, 'state.json');
  const first = await startDataMock(file);
  await first.app.close();
  writeFileSync(`${file}.log`, '');
  chmodSync(file, 0o644);
  chmodSync(`${file}.log`, 0o644);
  const mock = await startDataMock(file);
  t.equal(mode(file), '600');
  t.equal(mode(`${file}.log`), '600');
  await mock.app.close();
});
