import { chromium } from 'playwright-core';
const [url, out, path] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'ko-KR' });
page.on('console', m => m.type() === 'error' && console.log('console:', m.text()));
await page.goto(url); await page.waitForTimeout(500);
if (path) { await page.evaluate((p) => { location.hash = p; }, path); await page.waitForTimeout(1200); }
await page.screenshot({ path: out, fullPage: true });
await browser.close();
