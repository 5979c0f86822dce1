import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { MockServer } from '../../src/mock/server.js';
import { startMock } from '../helpers/servers.js';

const CHROMIUM = '/usr/bin/chromium';
/** Kept after the run for a person to look at: one picture of each state at each width. */
const SHOTS = new URL('../../test-results/hosted-page/', import.meta.url).pathname;
const KEY = 'rk_sandbox_browser_0123456789ab';
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

let browser: Browser;
let mock: MockServer;
let shop: Server;
let shopOrigin: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mock = await startMock();
  // The merchant's own site, where the customer lands after paying or cancelling.
  shop = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Shop</title><h1 id="landed">${req.url}</h1>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    chromiumSandbox: false,
    // Nothing but loopback: no background fetches, no updates, no QUIC probes.
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
});

const newSession = (extra: Partial<{ successUrl: string; cancelUrl: string; allowedMethods: string[] }> = {}) =>
  mock.store.create(KEY, { amountMinor: 4200, currency: 'EUR', allowedMethods: ['card', 'pay_by_bank'], ...extra }, mock.origin);

/** The page fits the viewport: nothing wider than the screen, the buttons big enough for a thumb. */
async function expectFits(page: Page, width: number) {
  // Evaluated in the page, where the DOM is (this file is type-checked for Node).
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
  expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
}

describe.runIf(existsSync(CHROMIUM))('the hosted checkout page, in Chromium', () => {
  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.name} width (${viewport.width}px)`, () => {
      const openPage = async () => {
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
        return { page: await context.newPage(), close: () => context.close() };
      };

      it('shows the amount, human method names and the expiry; Pay lands on the success URL', async () => {
        const session = newSession({ successUrl: `${shopOrigin}/thanks?order=42`, cancelUrl: `${shopOrigin}/basket` });
        const { page, close } = await openPage();
        try {
          await page.goto(session.url);
          await expect(page.locator('#amount').textContent()).resolves.toBe('€42.00');
          await expect(page.locator('label.method').allTextContents()).resolves.toEqual([' Card', ' Pay by bank']);
          await expect(page.locator('#expires').textContent()).resolves.toMatch(/UTC \(in 24 hours\)$/);
          await expectFits(page, viewport.width);
          const pay = await page.locator('#pay').boundingBox();
          expect(pay?.height).toBeGreaterThanOrEqual(44);
          expect(pay?.width).toBeGreaterThan(viewport.width < 500 ? viewport.width * 0.8 : 300);
          const font = (await page.evaluate('getComputedStyle(document.body).fontFamily')) as string;
          expect(font).not.toMatch(/^"?Times/);
          await page.screenshot({ path: `${SHOTS}open-${viewport.name}.png`, fullPage: true });

          await page.getByText('Pay by bank').click();
          await page.locator('#pay').click();
          await page.waitForURL(`${shopOrigin}/thanks?order=42`);
          await expect(page.locator('#landed').textContent()).resolves.toBe('/thanks?order=42');
          expect(mock.store.find(KEY, session.id)).toMatchObject({ status: 'complete', selectedMethod: 'pay_by_bank' });

          await page.goto(session.url);
          await expect(page.locator('main').getAttribute('data-state')).resolves.toBe('paid');
          await expect(page.locator('#status').textContent()).resolves.toBe('Payment received by Pay by bank. Thank you.');
          await expectFits(page, viewport.width);
          await page.screenshot({ path: `${SHOTS}paid-${viewport.name}.png`, fullPage: true });
        } finally {
          await close();
        }
      });

      it('Cancel lands on the cancel URL and leaves the session open', async () => {
        const session = newSession({ successUrl: `${shopOrigin}/thanks`, cancelUrl: `${shopOrigin}/basket` });
        const { page, close } = await openPage();
        try {
          await page.goto(session.url);
          await page.locator('#cancel').click();
          await page.waitForURL(`${shopOrigin}/basket`);
          expect(mock.store.find(KEY, session.id)?.status).toBe('open');
        } finally {
          await close();
        }
      });

      it('without a cancel URL, shows a cancelled page with a way back; an expired one says so', async () => {
        const session = newSession();
        const { page, close } = await openPage();
        try {
          await page.goto(session.url);
          await page.locator('#cancel').click();
          await page.waitForURL(/\?cancelled$/);
          await expect(page.locator('main').getAttribute('data-state')).resolves.toBe('cancelled');
          await expect(page.locator('#status').textContent()).resolves.toBe('You cancelled this checkout. Nothing was charged.');
          await expectFits(page, viewport.width);
          await page.screenshot({ path: `${SHOTS}cancelled-${viewport.name}.png`, fullPage: true });
          await page.locator('#back').click();
          await expect(page.locator('main').getAttribute('data-state')).resolves.toBe('open');

          mock.store.expire(session);
          await page.goto(session.url);
          await expect(page.locator('main').getAttribute('data-state')).resolves.toBe('expired');
          await expect(page.locator('#pay').count()).resolves.toBe(0);
          await expectFits(page, viewport.width);
          await page.screenshot({ path: `${SHOTS}expired-${viewport.name}.png`, fullPage: true });
        } finally {
          await close();
        }
      });
    });
  }
});
