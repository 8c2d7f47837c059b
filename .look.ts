import { chromium } from '@playwright/test';
const [url, name, path = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=ko-KR'] });
const page = await browser.newPage({ locale: 'ko-KR', timezoneId: 'Asia/Seoul', viewport: { width: 1280, height: 900 } });
await page.goto(url!);
if (path === '/sync') await page.getByTestId('sync-chip').click();
await page.getByTestId('sync-headline').waitFor();
if (path === '/sync') { await page.getByTestId('sync-chip').click(); await page.getByTestId('sync-state').waitFor(); }
await page.waitForLoadState('networkidle');
await page.screenshot({ path: `/tmp/off-shots/${name}.png`, fullPage: true });
console.log(await page.getByTestId('sync-chip').innerText());
await browser.close();
