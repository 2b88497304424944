/**
 * The dev inbox at 30,000 people (issue 15, item 4): from a 5.3.1 send over the API to the message
 * shown on the open inbox page, in headless Chromium, with the `default` scenario and with
 * `large-org` (30,000 people). Each mock is the built CLI in a child process, so the page's work
 * and the server's are measured apart from this process's. Per scenario: the page's initial load
 * (navigation to the first drawn view), then BENCH_SENDS sends one after another, each timed from
 * just before the API call to the moment a MutationObserver on the page sees the message's title
 * (clocks: both sides read the epoch through `performance.timeOrigin + performance.now()`), and the
 * bytes and requests the page downloaded for each send (CDP network events, the event stream
 * excluded, counted until the page has been quiet for QUIET_MS). Last, the time to draw the 站内信
 * view (a people column over the whole directory).
 * Target: median send→shown with large-org under 2× the default scenario's.
 *
 * BENCH_INBOX_BEFORE=DIR adds DIR/bin/umc-mock.js (another checkout, e.g. before a change, built)
 * as a second contender, measured the same way in the same run. Writes bench/results/inbox.{json,md}.
 * Env: BENCH_SENDS (default 10).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../test/helpers/chromium-binary.js';
import { startChild } from './child-server.js';
import { commitOf } from './commit.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const SENDS = Number(process.env.BENCH_SENDS ?? 10);
const BEFORE = process.env.BENCH_INBOX_BEFORE;
const SCENARIOS = ['default', 'large-org'] as const;
/** The page counts as done with a send once no request has been open or finished for this long. */
const QUIET_MS = 400;
const RECEIVER = '20230001';
const APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const TARGET_RATIO = 2;

// Scripts run in the page, as text (this file is compiled without the DOM's types).
/** Resolves, at the frame it happens, with the ms since navigation when the live stream is open and the first data drawn. */
const PAGE_LOADED = `new Promise((resolve) => {
  const check = () => {
    const main = document.getElementById('main');
    if (document.querySelector('#live.on') && main.firstElementChild && main.textContent !== '…') resolve(performance.now());
    else requestAnimationFrame(check);
  };
  check();
})`;
/** Arms an observer that notes (window.seenAt, epoch ms) the instant a message with this title is drawn. */
const WATCH_FOR_TITLE = `(wanted) => {
  delete window.seenAt;
  const main = document.getElementById('main');
  const seen = () => [...main.querySelectorAll('h3')].some((el) => el.textContent === wanted);
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    window.seenAt = performance.timeOrigin + performance.now();
    observer.disconnect();
  });
  observer.observe(main, { childList: true, subtree: true, characterData: true });
}`;
/** Switches to the 站内信 view and resolves with the ms until the frame after its people column is drawn. */
const PORTAL_DRAW = `new Promise((resolve) => {
  const start = performance.now();
  const main = document.getElementById('main');
  const observer = new MutationObserver(() => {
    if (main.dataset.view !== 'portal' || !main.querySelector('.people .person')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
  });
  observer.observe(main, { childList: true, subtree: true, attributes: true });
  location.hash = '#/portal';
})`;

const now = () => performance.timeOrigin + performance.now();
const median = (values: number[]) => percentile(values, 0.5);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

interface Run {
  contender: string;
  scenario: string;
  people: number;
  initialLoadMs: number;
  /** Navigation to the last byte the page asked for at load (the whole directory included). */
  loadedMs: number;
  initialBytes: number;
  sendToShownMs: number[];
  bytesPerSend: number[];
  requestsPerSend: number[];
  directoryRequestsPerSend: number;
  portalDrawMs: number;
}

/** What the page downloads, from CDP: bytes and requests finished, and whether any is still open. */
async function watchNetwork(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const open = new Set<string>();
  const tally = { bytes: 0, requests: 0, directory: 0, lastActivity: now() };
  cdp.on('Network.requestWillBeSent', (e) => {
    // The event stream stays open for the page's life: it is the channel, not a download.
    if (e.request.url.includes('/__umc/events')) return;
    urls.set(e.requestId, e.request.url);
    open.add(e.requestId);
    tally.lastActivity = now();
  });
  const done = (e: { requestId: string; encodedDataLength?: number }) => {
    const url = urls.get(e.requestId);
    if (!url || !open.delete(e.requestId)) return;
    tally.bytes += e.encodedDataLength ?? 0;
    tally.requests++;
    // The whole directory: /__umc/users without a filter naming the people wanted.
    const parsed = new URL(url);
    if (parsed.pathname === '/__umc/users' && !parsed.searchParams.has('ids')) tally.directory++;
    tally.lastActivity = now();
  };
  cdp.on('Network.loadingFinished', done);
  cdp.on('Network.loadingFailed', done);
  return {
    tally,
    async quiet(): Promise<void> {
      while (open.size > 0 || now() - tally.lastActivity < QUIET_MS) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

async function post(url: string, body: Record<string, string>): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
  return res.json();
}

async function measure(browser: Browser, contender: string, cli: string, cwd: string, scenario: string): Promise<Run> {
  const server = await startChild(`${contender} ${scenario}`, process.execPath, [cli, '--port', '0', '--seed', '1', '--scenario', scenario], /API\s+(http:\/\/127\.0\.0\.1:\d+)/, { cwd, timeoutMs: 120_000 });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'zh-CN' });
  try {
    const people = ((await (await fetch(`${server.url}/__umc/users?limit=1`)).json()) as { total: number }).total;
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const network = await watchNetwork(page);
    // Loaded: the live stream is open and the placeholder shown before the first data is gone.
    const navigatedAt = now();
    await page.goto(`${server.url}/__umc/ui/`);
    const initialLoadMs = (await page.evaluate(PAGE_LOADED)) as number;
    await network.quiet();
    const loadedMs = network.tally.lastActivity - navigatedAt;
    const initialBytes = network.tally.bytes;

    const tokenAnswer = (await (await fetch(`${server.url}/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}`)).json()) as { resultData: { token: string } };
    const token = tokenAnswer.resultData.token;
    await network.quiet();
    const sendToShownMs: number[] = [];
    const bytesPerSend: number[] = [];
    const requestsPerSend: number[] = [];
    const directoryBefore = network.tally.directory;
    for (let i = 0; i < SENDS; i++) {
      const title = `基准消息 ${i + 1} ${Math.random().toString(36).slice(2, 8)}`;
      // Armed before the send: the observer notes the instant the title is on the page.
      await page.evaluate(`(${WATCH_FOR_TITLE})(${JSON.stringify(title)})`);
      const { bytes, requests } = network.tally;
      const sentAt = now();
      const answer = await post(`${server.url}/message/sendMessageApi`, { token, msgtitle: title, msgType: '1', msgContent: '基准测试：从发送到收件箱页面显示的时间。', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: JSON.stringify([{ type: 'User', userId: RECEIVER }]) });
      if (answer.rspCode !== '000000') throw new Error(`send refused: ${JSON.stringify(answer)}`);
      await page.waitForFunction('window.seenAt !== undefined', undefined, { polling: 50 });
      sendToShownMs.push(((await page.evaluate('window.seenAt')) as number) - sentAt);
      await network.quiet();
      bytesPerSend.push(network.tally.bytes - bytes);
      requestsPerSend.push(network.tally.requests - requests);
    }
    const directoryRequestsPerSend = (network.tally.directory - directoryBefore) / SENDS;

    // The 站内信 view: a people column over the whole directory, drawn on a hash change.
    const portalDrawMs = (await page.evaluate(PORTAL_DRAW)) as number;
    return { contender, scenario, people, initialLoadMs, loadedMs, initialBytes, sendToShownMs, bytesPerSend, requestsPerSend, directoryRequestsPerSend, portalDrawMs };
  } finally {
    await context.close();
    await server.stop();
  }
}

const binary = await findChromium();
const browser = await chromium.launch({ executablePath: binary.executablePath, env: { ...process.env, ...binary.env } as Record<string, string>, headless: true, args: ARGS });
const contenders = [{ name: `this checkout (${commitOf(ROOT)})`, cli: join(ROOT, 'bin', 'umc-mock.js'), cwd: ROOT }];
if (BEFORE) contenders.unshift({ name: `before (${BEFORE}, ${commitOf(BEFORE)})`, cli: join(BEFORE, 'bin', 'umc-mock.js'), cwd: BEFORE });
const runs: Run[] = [];
try {
  for (const c of contenders) {
    for (const scenario of SCENARIOS) {
      const run = await measure(browser, c.name, c.cli, c.cwd, scenario);
      runs.push(run);
      console.log(`${c.name} ${scenario}: send→shown median ${median(run.sendToShownMs).toFixed(0)} ms, p90 ${percentile(run.sendToShownMs, 0.9).toFixed(0)} ms, ${(median(run.bytesPerSend) / 1024).toFixed(1)} KB a send, first view ${run.initialLoadMs.toFixed(0)} ms, loaded ${run.loadedMs.toFixed(0)} ms, portal ${run.portalDrawMs.toFixed(0)} ms`);
    }
  }
} finally {
  await browser.close();
}

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const summary = contenders.map((c) => {
  const of = (scenario: string) => runs.find((r) => r.contender === c.name && r.scenario === scenario)!;
  const ratio = median(of('large-org').sendToShownMs) / median(of('default').sendToShownMs);
  return { contender: c.name, ratio, met: ratio < TARGET_RATIO };
});
const load = loadavg()[0]!.toFixed(1);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, 'inbox.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, browser: binary.executablePath, loadAverage: Number(load), sends: SENDS, target: `large-org / default median send→shown < ${TARGET_RATIO}×`, runs, summary }, null, 2)}\n`,
);
const md = [
  '# Dev inbox: send → shown, default scenario and large-org',
  '',
  `${new Date().toISOString()}, node ${process.version}, ${binary.executablePath}, load average ${load} on ${'2'} cores; ${SENDS} sequential 5.3.1 sends to ${RECEIVER} per scenario, the mock a child process (\`node --import=tsx bench/inbox.bench.ts\`${BEFORE ? `, \`BENCH_INBOX_BEFORE=${BEFORE}\`` : ''}).`,
  '',
  '| code | scenario | people | first view drawn | everything loaded | downloaded at load | send→shown median | p90 | downloaded per send (median) | requests per send | whole-directory downloads per send | 站内信 view draw |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...runs.map((r) =>
    `| ${r.contender} | ${r.scenario} | ${r.people.toLocaleString('en')} | ${r.initialLoadMs.toFixed(0)} ms | ${r.loadedMs.toFixed(0)} ms | ${kb(r.initialBytes)} | ${median(r.sendToShownMs).toFixed(0)} ms | ${percentile(r.sendToShownMs, 0.9).toFixed(0)} ms | ${kb(median(r.bytesPerSend))} | ${median(r.requestsPerSend)} | ${r.directoryRequestsPerSend.toFixed(1)} | ${r.portalDrawMs.toFixed(0)} ms |`,
  ),
  '',
  ...summary.map((s) => `${s.contender}: large-org / default median send→shown ${s.ratio.toFixed(2)}× (target < ${TARGET_RATIO}×: ${s.met ? 'met' : 'missed'}).`),
  '',
].join('\n');
writeFileSync(join(RESULTS, 'inbox.md'), md);
console.log(`\n${md}`);
if (!summary.at(-1)!.met) process.exitCode = 1;
