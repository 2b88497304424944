// --data on a failing disk: a change is applied only once it is on disk; a refused one leaves
// nothing behind, in memory or in the files; a failing compaction keeps serving.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultyDisk, startCli, startDataMock, stopCli } from './helpers/data-files.js';
import { allPages, getToken, postForm, postJson, request } from './helpers/mock.js';

const SEND = { msgtitle: '研究生开题通知', msgType: '1', msgContent: '请按时参加开题答辩', sendStatus: '1', sendMode: 'normal', sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' };
const FULL = '数据文件写入失败（磁盘已满，ENOSPC），本次操作未生效';

function dataFile(prefix: string): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'state.json');
}

async function send(url: string, token: string, title: string) {
  return (await postForm(`${url}/message/sendMessageApi`, { token, ...SEND, msgtitle: title })).json;
}

async function storedIds(url: string): Promise<string[]> {
  return (await allPages<{ msgId: string }>(`${url}/__umc/messages?limit=10000`, 'messages')).map((m) => m.msgId).sort();
}

t.test('a full disk: refused sends answer 999999, change nothing in memory, and a restart restores exactly what was acknowledged', async (t) => {
  const file = dataFile('umc-full-');
  const disk = new FaultyDisk();
  const warnings: string[] = [];
  const first = await startDataMock(file, { fs: disk.fs, warn: (line) => warnings.push(line) });
  const token = await getToken(first.url);
  const acknowledged: string[] = [];
  for (let i = 0; i < 5; i++) acknowledged.push((await send(first.url, token, `确认${i}`)).resultData.msgId);
  const before = JSON.stringify(first.platform.snapshot());
  const logBefore = readFileSync(`${file}.log`);

  // The write that crosses the quota is short, the next one fails: a torn line the store must cut.
  disk.limit(100);
  for (let i = 0; i < 3; i++) {
    const refused = await send(first.url, token, `拒绝${i}`);
    t.same(refused, { rspCode: '999999', rspMsg: FULL, resultData: null }, 'the caller is told the change did not happen');
  }
  t.equal(JSON.stringify(first.platform.snapshot()), before, 'the state in memory is exactly what it was: what the files hold');
  t.same(readFileSync(`${file}.log`), logBefore, 'and the log holds no part of a refused line');
  t.same(await storedIds(first.url), [...acknowledged].sort());
  const journal = (await request(`${first.url}/__umc/requests?operationId=sendMessageApi&rspCode=999999`)).json.requests;
  t.equal(journal.length, 3);
  t.match(journal[0], { httpStatus: 200, rspCode: '999999', rspMsg: FULL }, 'the journal says why');
  t.same((await postForm(`${first.url}/msg/getThirdAPIToken`, { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' })).json.rspCode, '999999', 'a token is a change too');

  // The control plane: an HTTP error, and nothing changed (not even the journal a reset clears).
  const apps = (await request(`${first.url}/__umc/apps`)).json;
  const created = await postJson(`${first.url}/__umc/apps`, { name: '迎新系统', channels: ['Portal'] });
  t.equal(created.status, 503);
  t.same(created.json, { error: FULL });
  t.same((await request(`${first.url}/__umc/apps`)).json, apps, 'no app was created');
  const journalSize = (await request(`${first.url}/__umc/requests`)).json.total;
  t.equal((await postJson(`${first.url}/__umc/reset`, {})).status, 503);
  t.equal((await request(`${first.url}/__umc/requests`)).json.total, journalSize, 'a refused reset clears no journal');
  t.same(await storedIds(first.url), [...acknowledged].sort(), 'nor any message');
  t.equal((await postJson(`${first.url}/__umc/clock`, { advanceSeconds: 3600 })).status, 503);
  t.equal((await request(`${first.url}/__umc/clock`)).json.offsetSeconds, 0, 'the clock did not move');

  // Shut down while the disk is still full: the last snapshot fails, the log still has it all.
  await first.app.close();
  t.equal(warnings.length, 2, `one line when changes start failing, one for the snapshot at close: ${warnings.join(' | ')}`);
  t.match(warnings[0], /数据文件写入失败（磁盘已满，ENOSPC）.*state\.json\.log/);
  t.match(warnings[1], /关闭时没能写入快照.*下次启动会重放/);

  disk.recover();
  const second = await startDataMock(file, { fs: disk.fs });
  t.same(await storedIds(second.url), [...acknowledged].sort(), 'after the restart: every acknowledged send, no refused one');
  acknowledged.push((await send(second.url, token, '恢复后')).resultData.msgId);
  await second.app.close();
  const third = await startDataMock(file);
  t.same(await storedIds(third.url), [...acknowledged].sort());
  await third.app.close();
});

t.test('a failing fsync, and a torn line that could not be cut at once, are refused and cleaned up', async (t) => {
  const file = dataFile('umc-eio-');
  const disk = new FaultyDisk();
  const warnings: string[] = [];
  const mock = await startDataMock(file, { fs: disk.fs, warn: (line) => warnings.push(line) });
  const token = await getToken(mock.url);
  const kept = (await send(mock.url, token, '保留')).resultData.msgId;

  disk.failSync = { match: /state\.json\.log/, code: 'EIO' };
  t.same(await send(mock.url, token, '同步失败'), { rspCode: '999999', rspMsg: '数据文件写入失败（磁盘读写错误，EIO），本次操作未生效', resultData: null });
  disk.recover();

  // Half a line written, then the write and the truncate that should cut it both fail.
  disk.failWrites = { match: /state\.json\.log/, code: 'EIO', torn: true };
  disk.failTruncate = true;
  t.equal((await send(mock.url, token, '写坏')).rspCode, '999999');
  disk.failWrites = undefined;
  t.equal((await send(mock.url, token, '仍不能截断')).rspCode, '999999', 'nothing is appended after a torn line it could not cut');
  disk.failTruncate = false;
  const later = (await send(mock.url, token, '恢复')).resultData.msgId;
  t.same(await storedIds(mock.url), [kept, later].sort());
  const log = readFileSync(`${file}.log`, 'utf8');
  t.equal(log.split('\n').filter(Boolean).length, 3, 'the log: the token and two sends, no fragment');
  t.ok(log.split('\n').filter(Boolean).every((line) => JSON.parse(line)), 'every line whole');
  t.equal(warnings.length, 2, 'a line when changes start failing, one when they work again');
  t.match(warnings[1], /数据文件恢复写入/);
  await mock.app.close();
  const again = await startDataMock(file);
  t.same(await storedIds(again.url), [kept, later].sort());
  await again.app.close();
});

t.test('when the files cannot even be read back, changes stop until a restart', async (t) => {
  const file = dataFile('umc-broken-');
  const disk = new FaultyDisk();
  const mock = await startDataMock(file, { fs: disk.fs, warn: () => {} });
  const token = await getToken(mock.url);
  disk.failWrites = { match: /state\.json\.log/, code: 'EIO' };
  disk.failReads = true;
  t.match((await send(mock.url, token, '坏')).rspMsg, /无法按磁盘上的数据恢复状态：请检查磁盘后重启umc-mock，本次操作未生效/);
  disk.recover();
  t.match((await send(mock.url, token, '仍然坏')).rspMsg, /请检查磁盘后重启umc-mock/, 'the state in memory cannot be trusted: no change is taken');
  await mock.app.close();
  const again = await startDataMock(file);
  t.same(await storedIds(again.url), []);
  await again.app.close();
});

t.test('a failing compaction keeps the old snapshot and log, keeps serving, says so once, and tries again later', async (t) => {
  const file = dataFile('umc-compact-fail-');
  const disk = new FaultyDisk();
  const warnings: string[] = [];
  const mock = await startDataMock(file, { fs: disk.fs, compactEvery: 5, compactRetryMs: 1000, warn: (line) => warnings.push(line) });
  const token = await getToken(mock.url);
  const snapshot = readFileSync(file);
  disk.failWrites = { match: /\.state\.json\.tmp$/, code: 'ENOSPC' };
  const sent: string[] = [];
  for (let i = 0; i < 15; i++) {
    const res = await send(mock.url, token, `通知${i}`);
    t.equal(res.rspCode, '000000');
    sent.push(res.resultData.msgId);
  }
  t.equal(warnings.length, 1, 'one line for the failed attempt, not one per request');
  t.match(warnings[0], /数据文件压缩失败（磁盘已满，ENOSPC）：快照与日志保持原样，稍后重试/);
  t.same(readFileSync(file), snapshot, 'the old snapshot is intact');
  t.equal(readFileSync(`${file}.log`, 'utf8').split('\n').filter(Boolean).length, 16, 'and the log holds every change');

  await new Promise((resolve) => setTimeout(resolve, 1050));
  sent.push((await send(mock.url, token, '再试')).resultData.msgId);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(warnings.length, 2, 'tried again once the wait was over');
  disk.recover();
  await new Promise((resolve) => setTimeout(resolve, 1050));
  sent.push((await send(mock.url, token, '成功')).resultData.msgId);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(warnings.length, 2);
  t.equal(statSync(`${file}.log`).size, 0, 'compacted: the log is empty');
  t.equal(JSON.parse(readFileSync(file, 'utf8')).seq, 18, 'the snapshot covers all 18 changes');
  await mock.app.close();
  const again = await startDataMock(file);
  t.same(await storedIds(again.url), sent.sort());
  await again.app.close();
});

/** A real 1 MB tmpfs, if this machine lets the test mount one. */
function mountTmpfs(t: { teardown(fn: () => unknown): void }): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'umc-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  t.teardown(() => {
    execFileSync('umount', [dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

t.test('a real full disk (a 1 MB tmpfs; the injected quota where mounting is impossible): what was acknowledged is what comes back', async (t) => {
  const dir = mountTmpfs(t);
  const file = join(dir ?? mkdtempSync(join(tmpdir(), 'umc-quota-')), 'state.json');
  const disk = new FaultyDisk();
  const big = '长'.repeat(3000);
  let start: () => Promise<{ url: string; stop: () => Promise<unknown> }>;
  let grow: () => void;
  if (dir) {
    start = async () => {
      const cli = await startCli(['--data', file]);
      return { url: cli.url, stop: () => stopCli(cli, 'SIGKILL') };
    };
    grow = () => execFileSync('mount', ['-o', 'remount,size=64m', dir]);
  } else {
    t.comment('mounting a tmpfs is not possible here: the same steps against a 1 MB quota');
    disk.limit(1024 * 1024);
    start = async () => {
      const mock = await startDataMock(file, { fs: disk.fs, warn: () => {} });
      return { url: mock.url, stop: () => mock.app.close() };
    };
    grow = () => disk.recover();
  }
  const first = await start();
  const token = await getToken(first.url);
  const acknowledged: string[] = [];
  const refusals: string[] = [];
  for (let i = 0; refusals.length < 20 && i < 2000; i++) {
    const res = (await postForm(`${first.url}/message/sendMessageApi`, { token, ...SEND, msgtitle: `大消息${i}`, msgContent: big })).json;
    if (res.rspCode === '000000') acknowledged.push(res.resultData.msgId);
    else refusals.push(`${res.rspCode} ${res.rspMsg}`);
  }
  t.same(new Set(refusals), new Set([`999999 ${FULL}`]), `the disk filled up after ${acknowledged.length} sends; 20 more refused`);
  t.same(await storedIds(first.url), [...acknowledged].sort(), 'none of the refused sends is held in memory');
  await first.stop();
  grow();
  const second = await start();
  t.same(await storedIds(second.url), [...acknowledged].sort(), 'every acknowledged send is back, no refused one');
  t.equal((await postForm(`${second.url}/message/sendMessageApi`, { token, ...SEND })).json.rspCode, '000000', 'and it takes changes again');
  await second.stop();
});
