import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { Bot, createLogger, installTelemetry, loadConfig, runTour, type TourResult } from '../src';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { botEnvironment, tempDir } from '@graph-calling/test-support/botProcess';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { shownInstance } from '../src/admin/redact';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// UPDATE_SCREENSHOTS=1 writes the README's pictures; otherwise they go to a temporary directory.
const SHOTS =
  process.env['UPDATE_SCREENSHOTS'] === '1' ? resolve(__dirname, '../../../docs/images') : mkdtempSync(join(tmpdir(), 'console-'));
jest.setTimeout(60_000);

let bot: Bot;
let browser: Browser;
let tour: TourResult[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`expected Debian chromium at ${CHROMIUM} (scripts/ensure-chromium.mjs installs it), found nothing`);
  bot = await Bot.start(
    { ...loadConfig({}), port: 0 },
    {
      logger: createLogger({ level: 'silent' }),
      telemetry: installTelemetry({}, {}),
      keepAliveMs: 60_000,
      simulator: { timing: { stepMs: 5, autoAnswerMs: 10 } },
    },
  );
  tour = await runTour(bot);
  // A stop that failed leaves its call live, and the pages below would show it: say so here, with the stop's reason.
  const failed = tour.filter((stop) => !stop.ok);
  if (failed.length > 0) throw new Error(`the tour failed: ${failed.map((stop) => `${stop.name}: ${stop.detail}`).join('; ')}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bot?.close();
});

/** The labels of a timeline page's rows, top to bottom. */
async function labels(page: import('playwright-core').Page): Promise<string[]> {
  return page.locator('#timeline svg g.entry text.label').allTextContents();
}

/** Waits until the locator matches `n` elements (the list is re-rendered after each fetch). */
async function countReaches(locator: import('playwright-core').Locator, n: number): Promise<void> {
  await eventually(async () => expect(await locator.count()).toBe(n), 20_000);
}

/** True when `patterns` appear in `texts` in this order (other entries may come between). */
function inOrder(texts: readonly string[], patterns: readonly RegExp[]): boolean {
  let at = 0;
  for (const text of texts) if (at < patterns.length && (patterns[at] as RegExp).test(text)) at += 1;
  return at === patterns.length;
}

describe('the live calls console, in Chromium', () => {
  it('lists the calls, filters them by state, and links each to its timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    await page.goto(`${bot.adminUrl as string}/console`);
    const ivr = tour.find((r) => r.name.startsWith('IVR'))?.callId as string;
    await page.locator(`a[href="/console/calls/${ivr}"]`).waitFor();
    expect(await page.locator('#calls tr').count()).toBe(tour.length);
    await page.selectOption('select[name=direction]', 'incoming');
    await countReaches(page.locator('#calls tr'), 3);
    await page.selectOption('select[name=direction]', '');
    await page.selectOption('select[name=state]', 'established');
    await page.locator('#calls td', { hasText: 'No calls.' }).waitFor();
    await page.selectOption('select[name=state]', '');
    await countReaches(page.locator('#calls tr'), tour.length);
    await page.screenshot({ path: join(SHOTS, 'console-calls.png') });
  });

  it('draws the latest filter’s answer when an earlier request answers last', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    await page.goto(`${bot.adminUrl as string}/console`);
    await countReaches(page.locator('#calls tr'), tour.length);
    // The answer to "incoming" is held back until the answer to "incoming, established" has been drawn.
    const incomingOnly = (url: string) => {
      const query = new URL(url).searchParams;
      return query.get('direction') === 'incoming' && !query.has('state');
    };
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/status\?/, async (route) => {
      if (!incomingOnly(route.request().url())) return route.continue();
      const response = await route.fetch();
      await released;
      return route.fulfill({ response });
    });
    await page.selectOption('select[name=direction]', 'incoming');
    await page.selectOption('select[name=state]', 'established');
    await page.locator('#calls td', { hasText: 'No calls.' }).waitFor();
    release();
    // The table stops being busy once every request is answered: the late answer has been dropped or drawn.
    await page.locator('table[aria-busy="false"]').waitFor();
    expect(await page.locator('#calls tr').allTextContents()).toEqual(['No calls.']);
    await page.close();
  });

  it('draws the IVR call as a timeline: every step in order, readable on a phone', async () => {
    const ivr = tour.find((r) => r.name.startsWith('IVR'))?.callId as string;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    await page.goto(`${bot.adminUrl as string}/console/calls/${ivr}`);
    const texts = await labels(page);
    expect(
      inOrder(texts, [
        /^answer 20\d$/,
        /^established$/,
        /^subscribeToTone 20\d$/,
        /^playPrompt 20\d$/,
        /^playPrompt completed/,
        /^key tone1$/,
        /^recordResponse 20\d$/,
        /^recordResponse stopToneDetected$/,
        /^transfer 20\d$/,
        /^terminated$/,
      ]),
    ).toBe(true);
    // Callbacks and the operations' durations are drawn too.
    expect(texts.some((t) => /^callback 202$/.test(t))).toBe(true);
    expect(await page.locator('#timeline svg g.entry[data-kind="operation"] rect').count()).toBeGreaterThanOrEqual(2);
    // The picture fits the phone's width: nothing to scroll sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'console-timeline-phone.png'), fullPage: true });
  });

  it('shows roster joins by kind, never by display name without --pii', async () => {
    const group = tour.find((r) => r.name === 'group call')?.callId as string;
    const body = await (await fetch(`${bot.adminUrl as string}/console/calls/${group}/timeline`)).text();
    const entries = (JSON.parse(body) as { entries: Array<{ kind: string; label: string }> }).entries;
    expect(entries.filter((e) => e.kind === 'roster').map((e) => e.label)).toContain('+ user');
    for (const name of ['John', 'Alice', 'Bob']) expect(body).not.toContain(name);
  });

  it('follows a call live (server-sent events): its end appears without a reload', async () => {
    const created = await bot.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    await created.waitFor('established');
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    await page.goto(`${bot.adminUrl as string}/console/calls/${created.id}`);
    expect(await labels(page)).not.toContain('terminated');
    let reloaded = false;
    page.on('framenavigated', () => (reloaded = true));
    await created.hangUp();
    await page.locator('#timeline svg g.entry text.label', { hasText: /^terminated$/ }).waitFor();
    expect(inOrder(await labels(page), [/^create 201$/, /^established$/, /^delete 20\d$/, /^terminated$/])).toBe(true);
    expect(reloaded).toBe(false);
  });
});

describe('a take-over on the console of the instance that took the call', () => {
  let redis: TestRedis;
  let simulator: Simulator;
  let dir: ReturnType<typeof tempDir>;
  const bots: Bot[] = [];

  beforeAll(async () => {
    [redis, simulator] = await Promise.all([startRedis(), createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5 } })]);
    dir = tempDir('graph-calling-console-');
  });
  afterAll(async () => {
    for (const b of bots) await b.close();
    await simulator?.close();
    await redis?.close();
    dir?.remove();
  });

  /** An instance on the shared Redis and simulator (short leases: a departed owner's calls move at once). */
  async function instance(): Promise<Bot> {
    const { publicUrl: _ignored, ...config } = loadConfig({
      ...botEnvironment(simulator, DEFAULT_APP, dir.path),
      BOT_REDIS_URL: redis.url,
      BOT_LEASE_MS: '600',
    });
    const started = await Bot.start({ ...config, port: 0 }, { logger: createLogger({ level: 'silent' }) });
    bots.push(started);
    return started;
  }

  it('draws “taken over from …” live when the owner closes and hands its call over', async () => {
    const a = await instance();
    const b = await instance();
    const created = await a.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    await created.waitFor('established');
    expect(a.app.ownership.owns(created.id)).toBe(true);
    // B's console follows the call before anything happens to it on B.
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(`${b.adminUrl as string}/console/calls/${created.id}`);
    expect(await labels(page)).toEqual([]);
    // A hands its calls over only to an instance it knows to be alive.
    await eventually(() => expect(a.app.ownership.others).toContain(b.app.instanceId), 10_000);
    const handover = await a.close();
    expect(handover.mode).toBe('handover');
    const label = `taken over from ${shownInstance(a.app.instanceId, false)} (owner departed)`;
    await page.locator('#timeline svg g.entry[data-kind="takeover"] text.label', { hasText: label }).waitFor({ timeout: 20_000 });
    expect(await labels(page)).toContain(label);
    expect(b.app.ownership.owns(created.id)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'console-takeover.png') });
  });
});
