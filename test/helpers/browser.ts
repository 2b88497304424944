import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium-binary.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, closed (and its profile removed) by `close`. */
export async function openBrowser(viewport = { width: 1360, height: 860 }, locale = 'zh-CN'): Promise<TestBrowser> {
  const binary = await findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'umc-chromium-'));
  const env = { ...process.env, ...binary.env } as Record<string, string>;
  const context = await chromium.launchPersistentContext(profile, { executablePath: binary.executablePath, env, headless: true, args: ARGS, viewport, locale });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
