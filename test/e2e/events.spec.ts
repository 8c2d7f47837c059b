import { test, expect, fillApplication, openApplications } from './fixtures';

test('screens follow the core’s events, not a timer: an application saved in one window appears in another’s list without reloading, and an idle screen asks the core nothing', async ({
  page,
  host,
  context,
}) => {
  // The page's clock is Playwright's: a minute of the screen's timers runs at once, not in real time.
  await page.clock.install();
  // The order of what the page did: its event stream's connection, and each call to the core.
  const seen: string[] = [];
  let calling = 0;
  const isCall = (url: string) => url.endsWith('/api/invoke');
  page.on('response', (r) => {
    if (r.url().endsWith('/api/events')) seen.push('(events connected)');
  });
  page.on('request', (r) => {
    if (!isCall(r.url())) return;
    calling += 1;
    seen.push(r.postData() ?? '');
  });
  const ended = (r: { url(): string }) => {
    if (isCall(r.url())) calling -= 1;
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  await openApplications(page, host.url);
  await expect(page.getByText('아직 청약이 없습니다')).toBeVisible();
  // Connecting the event stream tells the screens to refresh once (events may have been missed
  // before it); on a busy machine it connects after the list has loaded. That one refresh is not a
  // timer: wait until it has asked for the list again and every call has been answered.
  await expect
    .poll(() => {
      const at = seen.indexOf('(events connected)');
      return at >= 0 && seen.slice(at).some((body) => body.includes('"applications.list"')) && calling === 0;
    })
    .toBe(true);

  // Idle: no request to the core while a minute passes (the old screens polled every 0.7–30 s).
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/invoke')) asked.push(r.postData() ?? '');
  });
  await page.clock.runFor(60_000);
  // A marker after that minute (opening 데이터 보관 asks for the store status, its backups and what is
  // due for destruction, in whatever order its parts mount): a request any timer made during the
  // minute went out before the first of those.
  const pageAsks = (body: string) => /"channel":"(store|retention)\./.test(body);
  const marker = page.waitForRequest((r) => r.url().endsWith('/api/invoke') && pageAsks(r.postData() ?? ''));
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '데이터 보관' }).click();
  await marker;
  expect(asked.slice(0, asked.findIndex(pageAsks)), 'requests from an idle screen').toEqual([]);
  await openApplications(page, host.url);

  // Another window (a second tab on the same host) saves an application…
  const other = await context.newPage();
  await openApplications(other, host.url);
  await other.getByRole('link', { name: '새 청약 작성' }).click();
  await fillApplication(other, { name: '(주)이벤트콜', businessNumber: '1028142945' });
  await other.getByRole('button', { name: '저장', exact: true }).click();
  await expect(other.getByTestId('form-banner')).toContainText('저장됨');

  // …and the first window's list shows it: the core's 'changed' event made it ask again.
  await expect(page.getByTestId('applications-table').getByRole('link', { name: '(주)이벤트콜' })).toBeVisible();
  expect(asked.some((body) => body.includes('applications.list'))).toBe(true);
});
