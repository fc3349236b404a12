import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildSite, type BuildResult } from '../src';
import { sharedDir } from '@graph-calling/test-support/seeds';

const repoRoot = resolve(__dirname, '../../..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
let site: BuildResult;
let server: Server;
let base = '';
let browser: Browser;
// Two cores shared with other builds: browser steps are slow at times, never flaky in what they check.
jest.setTimeout(60_000);

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`expected Debian chromium at ${CHROMIUM} (scripts/ensure-chromium.mjs installs it), found nothing`);
  site = buildSite({
    sources: [
      { dir: join(repoRoot, 'docs'), label: 'docs', strict: true },
      { dir: join(sharedDir(), 'graph-docs'), strict: false },
    ],
    out: mkdtempSync(join(tmpdir(), 'site-')),
    repoRoot,
  });
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css',
    '.js': 'text/javascript',
    '.json': 'application/json',
  };
  server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    const file = normalize(join(site.out, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(site.out) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterEach(async () => {
  // Each test opens its own page (and context); close them so they do not pile up.
  for (const context of browser?.contexts() ?? []) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe('the built site in a real browser', () => {
  it('loads every page with no console errors and no failed requests', async () => {
    const paths = ['/index.html', '/revisions.html', ...site.pages.map((p) => `/pages/${p.slug}.html`)];
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    for (const path of paths) {
      const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
    }
    expect(problems).toEqual([]);
    expect(paths.length).toBe(site.pages.length + 2);
  }, 120_000);

  it('switches tabs on an example with the mouse and the keyboard, with visible focus', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/pages/docs--reference--create-call.html`);
    const example = page.locator('.example[data-name="create-call-peer-to-peer-service-hosted"]');
    await expect(example.locator('[data-panel="ts"]').isHidden()).resolves.toBe(true);
    await example.locator('button[data-tab="ts"]').click();
    await expect(example.locator('[data-panel="ts"]').isVisible()).resolves.toBe(true);
    await expect(example.locator('[data-panel="ts"]').innerText()).resolves.toContain(
      "import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';",
    );
    await expect(example.locator('[data-panel="http"]').isHidden()).resolves.toBe(true);
    await page.keyboard.press('ArrowRight');
    const focused = page.locator(':focus');
    await expect(focused.getAttribute('aria-selected')).resolves.toBe('true');
    await expect(focused.evaluate((el) => getComputedStyle(el).outlineStyle)).resolves.not.toBe('none');
    await page.keyboard.press('Home');
    await expect(example.locator('[data-panel="http"]').isVisible()).resolves.toBe(true);
  });

  it("clicks through a seed page's DocFX tabs: ours beside the page's own, one language for every group", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/pages/graph-docs--create-call.beta.2021-05-26.zh-CN.html`);
    const group = page.locator('.docfx-tabs[data-name="create-call-service-hosted-media-1"]');
    const tabs = group.locator('[role="tab"]');
    await expect(tabs.allInnerTexts()).resolves.toEqual([
      'HTTP',
      'TypeScript',
      'JavaScript',
      'C#',
      'Objective-C',
      'Java',
      'Diagnostics (0)',
    ]);
    const visiblePanel = () => group.locator('[role="tabpanel"]:visible');
    await expect(visiblePanel().innerText()).resolves.toContain('POST https://graph.microsoft.com/beta/communications/calls');
    await group.locator('[role="tab"][data-tab="ts"]').click();
    await expect(visiblePanel().innerText()).resolves.toContain('@graph-calling/builders');
    await group.locator('[role="tab"][data-tab="javascript"]').click();
    // The seed tree has no includes/ folder: the group says once that its SDK snippets are absent, no tab repeats it.
    await expect(visiblePanel().locator('details.include-missing').count()).resolves.toBe(0);
    await expect(group.locator('.snippets-missing').count()).resolves.toBe(1);
    await expect(group.locator('.snippets-missing').innerText()).resolves.toContain('not in this tree');
    await expect(group.locator('.snippets-missing').isVisible()).resolves.toBe(true);
    await group.locator('[role="tab"][data-tab="csharp"]').click();
    await expect(visiblePanel().getAttribute('data-panel')).resolves.toBe('csharp');
    const other = page.locator('.docfx-tabs[data-name="join-meeting-service-hosted-media"]');
    await expect(other.locator('[role="tabpanel"]:visible').getAttribute('data-panel')).resolves.toBe('csharp');
    await group.locator('[role="tab"][data-tab="diagnostics"]').click();
    await expect(visiblePanel().innerText()).resolves.toContain('No findings.');
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['创建调用']);
  });

  it('follows every internal link from every page: 0 broken', async () => {
    const page = await browser.newPage();
    const start = ['/index.html', '/revisions.html', ...site.pages.map((p) => `/pages/${p.slug}.html`)];
    const links = new Set<string>();
    for (const path of start) {
      await page.goto(`${base}${path}`);
      for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
        if (href.startsWith(base)) links.add(href);
      }
    }
    const byDocument = new Map<string, Set<string>>();
    for (const link of links) {
      const url = new URL(link);
      const fragments = byDocument.get(url.pathname + url.search) ?? new Set<string>();
      if (url.hash) fragments.add(decodeURIComponent(url.hash.slice(1)));
      byDocument.set(url.pathname + url.search, fragments);
    }
    const broken: string[] = [];
    for (const [path, fragments] of byDocument) {
      const response = await page.goto(`${base}${path}`);
      if (response?.status() !== 200) {
        broken.push(`${path}: ${response?.status()}`);
        continue;
      }
      for (const fragment of fragments) {
        const found = await page.evaluate((f) => document.getElementById(f) !== null || document.getElementsByName(f).length > 0, fragment);
        if (!found) broken.push(`${path}#${fragment}`);
      }
    }
    expect(broken).toEqual([]);
    expect(links.size).toBeGreaterThan(200);
  }, 300_000);

  it('moves around with the sidebar, the breadcrumbs and the "on this page" list', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/index.html`);
    const sidebar = page.locator('#sidebar');
    await sidebar.locator('summary', { hasText: 'beta' }).click();
    await sidebar.locator('summary', { hasText: 'ru-RU' }).click();
    await sidebar.locator('a', { hasText: 'Создание звонка' }).click();
    await page.waitForURL(/ru-RU\.html$/);
    await expect(page.locator('#sidebar a[aria-current="page"]').innerText()).resolves.toContain('2019-09-11');
    await expect(page.locator('.breadcrumbs li').allInnerTexts()).resolves.toEqual([
      'Home',
      'graph-docs',
      'beta',
      'ru-RU',
      'Создание звонка 2019-09-11',
    ]);
    await page.locator('.toc a', { hasText: 'Примеры' }).click();
    await page.waitForURL(/#examples$/);
    await expect(page.locator('h2#examples').isVisible()).resolves.toBe(true);
    const top = await page.locator('h2#examples').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(200);
    await expect(page.locator('.toc a[aria-current="location"]').innerText()).resolves.toBe('Примеры');
    await page.locator('.breadcrumbs a', { hasText: 'Home' }).click();
    await page.waitForURL(/index\.html$/);
  });

  it('skips to the content with the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/pages/docs--getting-started.html`);
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').innerText()).resolves.toBe('Skip to content');
    await expect(page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#content');
  });

  it('fits a phone-width viewport: the sidebar becomes a menu, nothing scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/pages/graph-docs--create-call.beta.2019-09-11.ru-RU.html`);
    await expect(page.locator('#sidebar').isVisible()).resolves.toBe(false);
    await expect(page.locator('.toc').isVisible()).resolves.toBe(false);
    await page.click('#nav-toggle');
    await expect(page.locator('#sidebar').isVisible()).resolves.toBe(true);
    await expect(page.locator('#nav-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Escape');
    await expect(page.locator('#sidebar').isVisible()).resolves.toBe(false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });

  it('toggles between the translation and the English original', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/pages/graph-docs--create-call.beta.2019-09-11.ru-RU.html`);
    const english = page.locator('main .sxs-lookup').first();
    const local = page.locator('main [data-ttu-id]').first();
    await expect(english.isVisible()).resolves.toBe(false);
    await expect(local.isVisible()).resolves.toBe(true);
    await page.click('#toggle-lang');
    await expect(english.isVisible()).resolves.toBe(true);
    await expect(local.isVisible()).resolves.toBe(false);
    await expect(english.innerText()).resolves.toBe('Create call');
  });

  it('searches headings and example names across all pages, and says when nothing matches', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.html`);
    await page.fill('#search', 'join-meeting-service-hosted-media');
    const hits = page.locator('#search-results li');
    await expect(hits.first().innerText()).resolves.toContain('join-meeting-service-hosted-media');
    await expect(page.locator('#search-status').innerText()).resolves.toMatch(/^\d+ match(es)? for “join-meeting-service-hosted-media”/);
    await page.fill('#search', 'Разрешения');
    await expect(hits.first().innerText()).resolves.toContain('Разрешения');
    await hits.first().locator('a').click();
    await page.waitForURL(/ru-RU\.html#permissions$/);
    await page.goto(`${base}/index.html`);
    await page.fill('#search', 'qqzzvx');
    await expect(page.locator('#search-status').innerText()).resolves.toBe('No headings, examples or pages match “qqzzvx”.');
    await expect(hits.count()).resolves.toBe(0);
    await page.goto(`${base}/pages/docs--getting-started.html`);
    await page.fill('#site-q', 'roster');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/index\.html\?q=roster/);
    await expect(page.locator('#search-results li').count()).resolves.toBeGreaterThan(0);
  });

  it('lets the reader pick two revisions and colours the diff', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/revisions.html`);
    await page.selectOption('#rev-a', 'graph-docs--create-call.beta.2019-09-11.ru-RU');
    await page.selectOption('#rev-b', 'graph-docs--create-call.beta.2019-11-05.pt-BR');
    await expect(page.locator('#rev-summary').innerText()).resolves.toMatch(/^\d+ examples? changed/);
    await page.selectOption('#rev-b', 'graph-docs--create-call.beta.2021-05-26.zh-CN');
    expect(page.url()).toContain('#a=graph-docs--create-call.beta.2019-09-11.ru-RU&b=graph-docs--create-call.beta.2021-05-26.zh-CN');
    const added = page.locator('#rev-diff tr.diff-add').first();
    const removed = page.locator('#rev-diff tr.diff-del').first();
    await expect(added.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(218, 251, 225)');
    await expect(removed.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(255, 235, 233)');
    await expect(added.locator('.sign').innerText()).resolves.toBe('+');
    await expect(page.locator('#rev-diff .hljs-attr').count()).resolves.toBeGreaterThan(10);
    await page.selectOption('#rev-b', 'graph-docs--create-call.beta.2019-09-11.ru-RU');
    await expect(page.locator('#rev-summary').innerText()).resolves.toBe('The same revision on both sides: nothing changed.');
    await expect(page.locator('#rev-diff tr').count()).resolves.toBe(0);
  });

  it('takes the screenshots the README shows (docs/images when UPDATE_SCREENSHOTS=1)', async () => {
    const dir = process.env['UPDATE_SCREENSHOTS'] === '1' ? join(repoRoot, 'docs', 'images') : join(repoRoot, '.test-results');
    mkdirSync(dir, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(
      `${base}/pages/graph-docs--create-call.beta.2021-05-26.zh-CN.html#example-1-create-peer-to-peer-voip-call-with-service-hosted-media`,
    );
    await page.locator('.docfx-tabs[data-name="create-call-service-hosted-media-1"] [data-tab="ts"]').click();
    await expect(page.locator('.toc').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(dir, 'seed-page.png') });
    await page.goto(`${base}/index.html`);
    await expect(page.locator('table.pages .title-en').count()).resolves.toBe(5);
    await page.screenshot({ path: join(dir, 'index.png'), fullPage: true });
    await page.goto(
      `${base}/revisions.html#a=graph-docs--create-call.beta.2019-11-05.pt-BR&b=graph-docs--create-call.beta.2021-05-26.zh-CN`,
    );
    await expect(page.locator('#rev-diff tr.diff-add').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(dir, 'revisions.png') });
  });
});
