// Restore never loses silently: a gap, a missing snapshot under a compacted log, a bad line refuse
// to start (file, line, what is wrong) and change no file; --accept-data-loss loads what it can.
import t from 'tap';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputContains, refusedCli, startCli, startDataMock, stopCli } from './helpers/data-files.js';
import { allPages, getToken, postForm, request } from './helpers/mock.js';

const SEND = { msgType: '1', msgContent: '内容', sendStatus: '1', sendMode: 'normal', sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' };

/**
 * A data file as a crash leaves it after eight changes with a snapshot every five: the snapshot
 * at seq 5 (a token and four sends), the log holding seqs 6 to 8 (three sends).
 */
async function history(): Promise<{ dir: string; file: string; inSnapshot: string[]; inLog: string[] }> {
  const work = join(mkdtempSync(join(tmpdir(), 'umc-restore-')), 'state.json');
  const mock = await startDataMock(work, { compactEvery: 5 });
  const token = await getToken(mock.url);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push((await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, msgtitle: `通知${i}` })).json.resultData.msgId);
  const dir = mkdtempSync(join(tmpdir(), 'umc-restore-'));
  const file = join(dir, 'state.json');
  copyFileSync(work, file);
  copyFileSync(`${work}.log`, `${file}.log`);
  await mock.app.close();
  return { dir, file, inSnapshot: ids.slice(0, 4), inLog: ids.slice(4) };
}

function logLines(file: string): string[] {
  return readFileSync(`${file}.log`, 'utf8').split('\n').filter(Boolean);
}

function writeLog(file: string, lines: string[]): void {
  writeFileSync(`${file}.log`, lines.map((l) => `${l}\n`).join(''));
}

/** Every file in the folder, with its bytes. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'base64')]));
}

async function storedIds(url: string): Promise<string[]> {
  return (await allPages<{ msgId: string }>(`${url}/__umc/messages?limit=1000`, 'messages')).map((m) => m.msgId).sort();
}

t.test('the history the cases start from loads whole', async (t) => {
  const h = await history();
  t.equal(JSON.parse(readFileSync(h.file, 'utf8')).seq, 5);
  t.same(logLines(h.file).map((l) => JSON.parse(l).seq), [6, 7, 8]);
  const mock = await startDataMock(h.file);
  t.same(await storedIds(mock.url), [...h.inSnapshot, ...h.inLog].sort());
  await mock.app.close();
});

const CASES: { name: string; damage: (file: string) => void; refusal: RegExp[]; kept: (h: Awaited<ReturnType<typeof history>>) => string[] }[] = [
  {
    name: 'a seq gap between the snapshot and the log',
    damage: (file) => writeLog(file, logLines(file).slice(1)),
    refusal: [/state\.json\.log 第1行：日志从seq 7开始，而快照止于seq 5：第6条变更不在任何文件里/],
    kept: (h) => [...h.inSnapshot, ...h.inLog.slice(1)],
  },
  {
    name: 'a gap in the middle of the log',
    damage: (file) => writeLog(file, [logLines(file)[0]!, logLines(file)[2]!]),
    refusal: [/state\.json\.log 第2行：seq从6跳到8：第7条变更不在任何文件里/],
    kept: (h) => [...h.inSnapshot, h.inLog[0]!, h.inLog[2]!],
  },
  {
    name: 'a missing snapshot with a compacted log',
    damage: (file) => rmSync(file),
    refusal: [/state\.json\.log 第1行：日志从seq 6开始，而快照（.*state\.json）不存在或为空：第1到5条变更（5条）不在任何文件里/],
    kept: (h) => h.inLog,
  },
  {
    name: 'a null snapshot with a compacted log',
    damage: (file) => writeFileSync(file, 'null'),
    refusal: [/不存在或为空：第1到5条变更/],
    kept: (h) => h.inLog,
  },
  {
    name: 'an empty snapshot with a compacted log',
    damage: (file) => writeFileSync(file, ''),
    refusal: [/不存在或为空：第1到5条变更/],
    kept: (h) => h.inLog,
  },
  {
    name: 'an unparsable snapshot',
    damage: (file) => writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200)),
    refusal: [/state\.json：不是合法的JSON（.*）：快照里的全部状态/, /快照无法读取：第1到5条变更/],
    kept: (h) => h.inLog,
  },
  {
    name: 'an unparsable line in the middle of the log',
    damage: (file) => writeLog(file, logLines(file).map((l, i) => (i === 1 ? l.slice(0, 40) : l))),
    refusal: [/state\.json\.log 第2行：不是合法的JSON（.*）：丢弃这一行/, /第3行：seq从6跳到8/],
    kept: (h) => [...h.inSnapshot, h.inLog[0]!, h.inLog[2]!],
  },
  {
    name: 'a parseable line that is not a change',
    damage: (file) => writeLog(file, logLines(file).map((l, i) => (i === 1 ? '{"hello":"world"}' : l))),
    refusal: [/state\.json\.log 第2行：缺少seq（正整数）：丢弃这一行/],
    kept: (h) => [...h.inSnapshot, h.inLog[0]!, h.inLog[2]!],
  },
  {
    name: 'a change no operation runs',
    damage: (file) => writeLog(file, logLines(file).map((l, i) => (i === 1 ? l.replace('"sendMessageApi"', '"dropEverything"') : l))),
    refusal: [/state\.json\.log 第2行：未知的接口操作dropEverything：丢弃这一行/],
    kept: (h) => [...h.inSnapshot, h.inLog[0]!, h.inLog[2]!],
  },
  {
    name: 'a seq written twice (two processes on one file)',
    damage: (file) => writeLog(file, [logLines(file)[0]!, logLines(file)[0]!.replace('通知4', '另一个进程'), ...logLines(file).slice(1)]),
    refusal: [/state\.json\.log 第2行：seq 6重复或倒退（上一行是seq 6；两个进程写过同一个数据文件？）/],
    kept: (h) => [...h.inSnapshot, ...h.inLog],
  },
];

for (const c of CASES) {
  t.test(`${c.name}: refused, nothing rewritten; --accept-data-loss loads what it can`, async (t) => {
    const h = await history();
    c.damage(h.file);
    const before = contents(h.dir);
    const refused = await startDataMock(h.file).then(
      () => undefined,
      (err: Error) => err.message,
    );
    t.ok(refused, 'refused to start');
    t.match(refused, /^数据文件有缺失或损坏，拒绝启动（没有改写任何文件）/);
    for (const pattern of c.refusal) t.match(refused, pattern);
    t.match(refused, /--accept-data-loss/, 'and says how to go on');
    t.same(contents(h.dir), before, 'no file was changed, created or emptied');

    const warnings: string[] = [];
    const accepted = await startDataMock(h.file, { warn: (line) => warnings.push(line) }, true);
    t.same(await storedIds(accepted.url), c.kept(h).sort(), 'it loads what the files still hold');
    await accepted.app.close();
    const clean = await startDataMock(h.file);
    t.same(await storedIds(clean.url), c.kept(h).sort(), 'and the rewritten files start without the flag');
    await clean.app.close();
  });
}

t.test('a torn last line (a crash mid-write) is not a loss: it was never acknowledged, and is cut', async (t) => {
  const h = await history();
  writeFileSync(`${h.file}.log`, `${readFileSync(`${h.file}.log`, 'utf8')}{"seq":9,"kind":"api","operationId":"sendMe`);
  const size = statSync(`${h.file}.log`).size;
  const mock = await startDataMock(h.file);
  t.same(await storedIds(mock.url), [...h.inSnapshot, ...h.inLog].sort());
  t.ok(statSync(`${h.file}.log`).size < size, 'the fragment is cut off the log');
  await mock.app.close();
});

t.test('from the command line: the refusal names the file and line, exits 1; the flag says what it dropped', async (t) => {
  const h = await history();
  writeLog(h.file, logLines(h.file).map((l, i) => (i === 1 ? 'garbage' : l)));
  const refused = await refusedCli(['--data', h.file]);
  t.equal(refused.code, 1);
  t.match(refused.stderr, `umc-mock: 启动失败：数据文件有缺失或损坏，拒绝启动（没有改写任何文件）：\n  ${h.file}.log 第2行：不是合法的JSON`);
  t.notMatch(refused.stderr, /\bat .*\(.*:\d+:\d+\)/, 'no stack trace');
  t.ok(existsSync(`${h.file}.log`) && logLines(h.file)[1] === 'garbage', 'the log is as it was');

  const accepted = await startCli(['--data', h.file, '--accept-data-loss']);
  const warning = await outputContains(accepted.stderr, '丢弃了');
  t.match(warning, `umc-mock: 警告：--accept-data-loss：已载入能载入的部分（快照至seq 5，重放2条变更），丢弃了：\n  ${h.file}.log 第2行：不是合法的JSON`);
  t.same(await storedIds(accepted.url), [...h.inSnapshot, h.inLog[0]!, h.inLog[2]!].sort());
  await stopCli(accepted);
});
