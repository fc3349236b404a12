import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildSite, type BuildResult } from '../src';
import { sharedDir } from '../../../test-support/seeds';

const repoRoot = resolve(__dirname, '../../..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
let site: BuildResult;
let server: Server;
let base = '';
let browser: Browser;

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

  it('switches tabs on an example', async () => {
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
  });

  it('toggles between the translation and the English original', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/pages/graph-docs--create-call.beta.2019-09-11.ru-RU.html`);
    const english = page.locator('.sxs-lookup').first();
    const local = page.locator('[data-ttu-id]').first();
    await expect(english.isVisible()).resolves.toBe(false);
    await expect(local.isVisible()).resolves.toBe(true);
    await page.click('#toggle-lang');
    await expect(english.isVisible()).resolves.toBe(true);
    await expect(local.isVisible()).resolves.toBe(false);
    await expect(english.innerText()).resolves.toBe('Create call');
  });

  it('finds an example by name with the search box', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.html`);
    await page.fill('#search', 'join-meeting-service-hosted-media');
    const hits = page.locator('#example-results li:visible');
    await expect(hits.count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(hits.first().innerText()).resolves.toContain('join-meeting-service-hosted-media');
    await expect(page.locator('table.pages tbody tr:visible').count()).resolves.toBe(1);
  });

  it('writes a screenshot of a seed page as a test artifact', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${base}/pages/graph-docs--create-call.beta.2019-09-11.ru-RU.html#example-1`);
    const dir = join(repoRoot, '.test-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'seed-page.png');
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(20_000);
  });
});
