// One writer per --data file: a second process is refused, naming the holder; a dead one's lock is taken over.
import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputContains, refusedCli, startCli, startDataMock, stopCli } from './helpers/data-files.js';
import { getToken, postForm } from './helpers/mock.js';

const SEND = { msgtitle: '通知', msgType: '1', msgContent: '内容', sendStatus: '1', sendMode: 'normal', sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' };

function dataFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'umc-lock-')), 'state.json');
}

t.test('a second process on the same --data file refuses to start, naming the file and the holder', async (t) => {
  const file = dataFile();
  const first = await startCli(['--data', file]);
  const token = await getToken(first.url);
  const msgId = (await postForm(`${first.url}/message/sendMessageApi`, { token, ...SEND })).json.resultData.msgId;

  const second = await refusedCli(['--data', file]);
  t.equal(second.code, 1);
  t.match(second.stderr, `数据文件正被另一个umc-mock进程使用（pid ${first.child.pid}`);
  t.match(second.stderr, file);
  t.notMatch(second.stderr, /\bat .*\(.*:\d+:\d+\)/, 'no stack trace');

  t.equal((await postForm(`${first.url}/message/getProgress`, { token, msgId })).json.rspCode, '000000', 'the first one serves on, its data untouched');
  t.match(JSON.parse(readFileSync(`${file}.lock`, 'utf8')), { pid: first.child.pid, host: hostname() });
  t.equal(await stopCli(first), 0);
  t.notOk(existsSync(`${file}.lock`), 'a clean close removes the lock');

  const third = await startCli(['--data', file]);
  t.equal((await postForm(`${third.url}/message/getProgress`, { token, msgId })).json.rspCode, '000000', 'the next one starts and finds it all');
  await stopCli(third);
});

t.test('a lock left by a process that died is taken over', async (t) => {
  const file = dataFile();
  const crashed = await startCli(['--data', file]);
  await stopCli(crashed, 'SIGKILL');
  t.match(JSON.parse(readFileSync(`${file}.lock`, 'utf8')), { pid: crashed.child.pid }, 'kill -9 leaves its lock behind');

  const next = await startCli(['--data', file]);
  t.match(await outputContains(next.stderr, '接管了'), `接管了已退出的进程（pid ${crashed.child.pid}`);
  t.match(JSON.parse(readFileSync(`${file}.lock`, 'utf8')), { pid: next.child.pid });
  await stopCli(next);

  // Any dead pid, not only one we killed.
  const gone = spawn(process.execPath, ['-e', '']);
  await once(gone, 'exit');
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: gone.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
  const after = await startDataMock(file, { warn: () => {} });
  await after.app.close();
  t.notOk(existsSync(`${file}.lock`));
});

t.test('refused in one process too, and for a lock held on another host', async (t) => {
  const file = dataFile();
  const mock = await startDataMock(file);
  await t.rejects(startDataMock(file), /数据文件已被本进程打开/);
  await mock.app.close();

  writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: 'other-host', since: '2026-01-01T00:00:00.000Z' }));
  await t.rejects(startDataMock(file), /正被另一个umc-mock进程使用（pid 1，主机other-host/);
  writeFileSync(`${file}.lock`, 'not a lock');
  await t.rejects(startDataMock(file), /锁文件无法识别/);
});
