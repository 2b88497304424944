import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium-binary.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
/** How long an unused browser stays up for the next test of the same file before it is closed. */
const IDLE_CLOSE_MS = 3000;

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

let shared: Promise<Browser> | undefined;
let open = 0;
let idle: NodeJS.Timeout | undefined;

/**
 * One headless Chromium per test process, started on first use: starting Chromium is the slow part, so the
 * tests of a file share it. Each `openBrowser` gets a context of its own (its own cookies, storage and
 * cache, as a fresh profile has); the browser closes a moment after its last context, so the process can end.
 */
function browser(): Promise<Browser> {
  if (idle) clearTimeout(idle);
  idle = undefined;
  shared ??= (async () => {
    const binary = await findChromium();
    const env = { ...process.env, ...binary.env } as Record<string, string>;
    const launched = await chromium.launch({ executablePath: binary.executablePath, env, headless: true, args: ARGS });
    launched.on('disconnected', () => (shared = undefined));
    return launched;
  })();
  shared.catch(() => (shared = undefined));
  return shared;
}

function release(): void {
  if (--open > 0 || !shared) return;
  const closing = shared;
  idle = setTimeout(() => {
    idle = undefined;
    shared = undefined;
    void closing.then((b) => b.close()).catch(() => undefined);
  }, IDLE_CLOSE_MS);
}

/** Headless Chromium with a fresh context (nothing kept from earlier tests), closed by `close`. */
export async function openBrowser(viewport = { width: 1360, height: 860 }, locale = 'zh-CN'): Promise<TestBrowser> {
  const context = await (await browser()).newContext({ viewport, locale });
  open++;
  const page = await context.newPage();
  let closed = false;
  return {
    context,
    page,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        release();
      }
    },
  };
}
