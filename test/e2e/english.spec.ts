import type { Page } from '@playwright/test';
import { test, expect, open, withCore, screenshot } from './fixtures';
import { businessNumberFor, sampleApplication } from '../support/fixtures';
import { sealPng, signaturePng } from '../integration/documents/tools';
import { b64, hqSets } from '../support/records';
import type { Core } from '../../electron/core/core';

/**
 * Issue 11, item 12: English mode is complete. The rep's screens are walked in English with a
 * customer whose fields are all Latin; any Hangul in visible text or in a title / aria-label /
 * placeholder fails the walk, except inside elements marked as customer data (`data-personal`) or
 * printed-form content (`data-form-text`).
 */
test.use({ viewport: { width: 1366, height: 768 } });
test.describe.configure({ timeout: 600_000 });

const latinCustomer = (n: number, name: string) => ({
  name,
  businessNumber: businessNumberFor(n),
  corporateNumber: '110111-1468754',
  representative: 'Hong Gildong',
  address: '178 Sejong-daero, Jongno-gu, Seoul',
  phone: '02-1234-5678',
  mobile: '010-2345-6789',
});
const latinSeller = { team: 'Gangbuk Enterprise Sales 1', name: 'Kim Sales', phone: '010-1111-2222', opportunityCode: 'OPP-2026-0012' };

/** Signs and seals the pack of a new ASP subscription (#1 ×3, #2, the quote), by a customer with a Latin name. */
async function signPack(core: Core, applicationId: string) {
  const areas: [string, string, 'signature' | 'seal'][] = [
    ['1', 'applicant', 'signature'],
    ['1', 'consent-collection', 'signature'],
    ['1', 'consent-third-party', 'signature'],
    ['2', 'terms-confirmation', 'seal'],
    ['quote', 'quote-customer', 'seal'],
  ];
  for (const [form, area, mark] of areas) {
    await core.invoke('documents.sign', { applicationId, form: form as never, area, mark, signerName: 'Hong Gildong', pngBase64: b64(mark === 'seal' ? sealPng() : signaturePng()) });
  }
}

/** Hangul the rep would see: text nodes shown, and title / aria-label / placeholder / alt, outside marked elements. */
async function koreanOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
    // Customer data, printed-form text, and the other language's own name on the language switch.
    const exempt = (el: Element | null) => el?.closest('[data-personal], [data-form-text], button[lang="ko"]') != null;
    const found: string[] = [];
    if (hangul.test(document.title)) found.push(`title: ${document.title}`);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const el = node.parentElement;
      if (!hangul.test(text) || !el || exempt(el)) continue;
      if (el.closest('script, style, template, noscript')) continue;
      // Only what is shown: an element with no box (display: none, a closed <details>) is not.
      if (el.getClientRects().length === 0 && !el.closest('option')) continue;
      const testId = el.getAttribute('data-testid');
      found.push(`${el.tagName.toLowerCase()}${testId ? `[${testId}]` : ''}: ${text.trim().slice(0, 120)}`);
    }
    for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      if (exempt(el)) continue;
      for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(attr);
        if (v && hangul.test(v)) found.push(`${el.tagName.toLowerCase()}@${attr}: ${v}`);
      }
    }
    for (const el of document.body.querySelectorAll('input:not([type=hidden]), textarea')) {
      const v = (el as HTMLInputElement).value;
      if (v && hangul.test(v) && !exempt(el)) found.push(`${el.tagName.toLowerCase()}=value: ${v}`);
    }
    return found;
  });
}

/**
 * Counts the page's calls to the core in the page itself (installed before its scripts run): a call
 * counts as pending until its answer's body has been read, so what the screen does with the answer
 * follows in the page's own tasks, not in the network's time.
 */
function countCoreCalls(): void {
  const calls = { started: 0, pending: 0 };
  (window as unknown as { __coreCalls: typeof calls }).__coreCalls = calls;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/api/invoke')) return original(input, init);
    calls.started += 1;
    calls.pending += 1;
    try {
      const response = await original(input, init);
      const body = await response.text();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      calls.pending -= 1;
    }
  };
}

/**
 * Resolves once the page's calls to the core have all answered and the screen has rendered what
 * they brought without starting another: no call pending, then two animation frames and a task
 * later (React's render, commit and effects of the last answer run in between) still none pending
 * and none started. Ordered by the page's event loop rather than by a quiet period of wall time
 * (which took 500 ms of each of the 22 screens), so a busy machine makes it slower, never wrong.
 */
async function coreCallsIdle(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const calls = (window as unknown as { __coreCalls?: { started: number; pending: number } }).__coreCalls;
          if (!calls || calls.pending > 0) return false;
          const seen = calls.started;
          await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
          return calls.pending === 0 && calls.started === seen;
        }),
      { message: 'the screen’s calls to the core answered', intervals: [50] },
    )
    .toBe(true);
}

/** What Korean a screen shows once it has settled (the same findings twice in a row). */
async function settledKorean(page: Page, where: string): Promise<string[]> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await koreanOnScreen(page));
        const settled = now === last;
        last = now;
        return settled;
      },
      { message: `${where}: the screen settles`, intervals: [100] },
    )
    .toBe(true);
  return JSON.parse(last) as string[];
}

test('12 — every screen of the rep in English shows no Korean outside customer data and printed-form text (dashboard, lists, new application, each tab of an application in draft and in provisioning, sync, data & backups)', async ({
  page,
  host,
}) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    await core.invoke('settings.set', { language: 'en' });
    // A draft with a quote: the checklist has its reasons, nothing is signed yet.
    const draft = await core.invoke('applications.create', sampleApplication({ customer: latinCustomer(1201, 'Hana Call Center Co'), seller: latinSeller }));
    const quote = await core.invoke('quotes.save', {
      applicationId: draft.id,
      term: '36m',
      items: [
        { code: 'asp-basic', quantity: 12 },
        { code: 'recording', quantity: 12 },
      ],
    });
    // A subscription signed, submitted and in provisioning at HQ: locked, with its steps and a ticket.
    const live = await core.invoke(
      'applications.create',
      sampleApplication({ customer: latinCustomer(1202, 'Blue Sky Logistics'), seller: latinSeller, items: [{ code: 'asp-basic', quantity: 35 }] }),
    );
    const liveQuote = await core.invoke('quotes.save', { applicationId: live.id, term: '36m', items: [{ code: 'asp-basic', quantity: 35 }] });
    await signPack(core, live.id);
    await core.invoke('attachments.add', { applicationId: live.id, purpose: 'businessRegistration', fileName: 'business-registration.png', base64: b64(signaturePng()) });
    await core.invoke('workflow.update', { applicationId: live.id, patch: { networkPreReview: { done: true, date: '2026-11-20' } } });
    await core.invoke('workflow.transition', { applicationId: live.id, event: 'sign' });
    hqSets(core, live.id, 'provisioning', 'J00012021');
    await core.invoke('tickets.create', { applicationId: live.id, kind: 'fault', category: 'software', channel: 'phone', description: 'IVR stops after the greeting', receivedBy: 'Kim Sales' });
    return { draft: draft.id, quote: quote.quoteId, live: live.id, liveQuote: liveQuote.quoteId };
  });

  await page.addInitScript(countCoreCalls);
  await open(page, host.url, '/dashboard');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const walk: [string, string][] = [
    ['dashboard', '/dashboard'],
    ['applications', '/applications'],
    ['customers', '/customers'],
    ['search', '/search?q=Hana'],
    ['new application', '/applications/new'],
    ['draft: application', `/applications/${seeded.draft}`],
    ['draft: quote', `/quotes/${seeded.quote}`],
    ['draft: documents', `/applications/${seeded.draft}/documents`],
    ['draft: progress', `/applications/${seeded.draft}/workflow`],
    ['draft: service', `/applications/${seeded.draft}/service`],
    ['live: application', `/applications/${seeded.live}`],
    ['live: quote', `/quotes/${seeded.liveQuote}`],
    ['live: documents', `/applications/${seeded.live}/documents`],
    ['live: progress', `/applications/${seeded.live}/workflow`],
    ['live: service', `/applications/${seeded.live}/service`],
    ['quotes', '/quotes'],
    ['new quote', '/quotes/new'],
    ['documents index', '/documents'],
    ['performance', '/performance'],
    ['my lists', '/prospects'],
    ['sync', '/sync'],
    ['data & backups', '/store'],
  ];
  const failures: string[] = [];
  for (const [where, route] of walk) {
    // Each screen as the rep reaches it, in the app already loaded (the router follows the
    // address): every query the screen makes has answered and what they brought has rendered.
    // A full page load per screen cost about 0.6 s of each of the 22.
    await page.goto(`${host.url.split('#')[0] ?? host.url}#${route}`);
    await expect(page.locator('main')).toBeVisible();
    await coreCallsIdle(page);
    const korean = await settledKorean(page, where);
    if (korean.length > 0) failures.push(`${where}:\n  ${korean.join('\n  ')}`);
    if (where === 'live: progress' || where === 'draft: documents' || where === 'dashboard') await screenshot(page, `i18n-en-${where.replace(/[^a-z]+/g, '-')}.png`);
  }
  expect(failures.join('\n'), 'Korean on the English screens').toBe('');
});

test('3 — a date shows in the UI language’s format, not Chromium’s mm/dd/yyyy: read-only on a locked application, and after picking one on the provisioning tracker (2026. 12. 10. / Dec 10, 2026)', async ({
  page,
  host,
}) => {
  const id = await withCore(host.dataDir, async (core) => {
    const live = await core.invoke('applications.create', sampleApplication({ customer: latinCustomer(1301, 'Date Format Co'), items: [{ code: 'asp-basic', quantity: 35 }] }));
    await core.invoke('quotes.save', { applicationId: live.id, term: '36m', items: [{ code: 'asp-basic', quantity: 35 }] });
    await signPack(core, live.id);
    await core.invoke('attachments.add', { applicationId: live.id, purpose: 'businessRegistration', fileName: 'business-registration.png', base64: b64(signaturePng()) });
    await core.invoke('workflow.update', { applicationId: live.id, patch: { networkPreReview: { done: true, date: '2026-11-20' } } });
    await core.invoke('workflow.transition', { applicationId: live.id, event: 'sign' });
    hqSets(core, live.id, 'provisioning', 'J00013011');
    return live.id;
  });
  const shownBeside = (inputId: string) => page.locator(`.date-input:has(#${inputId}) [data-testid="date-shown"]`);

  // Locked: the application date is not editable and reads as Korean papers write it.
  await open(page, host.url, `/applications/${id}`);
  await expect(page.locator('#date')).toBeDisabled();
  await expect(shownBeside('date')).toHaveText('2026.\u00a011.\u00a022.');
  await screenshot(page, 'i18n-date-locked-ko.png');

  // Editable: the native field while picking, the formatted date once left; saved as YYYY-MM-DD.
  await page.goto(`${host.url.split('#')[0] ?? host.url}#/applications/${id}/workflow`);
  const acceptance = page.locator('#acceptanceDate');
  await acceptance.fill('2026-12-10');
  await expect(shownBeside('acceptanceDate')).toHaveCount(0);
  await page.getByRole('heading', { level: 1 }).click(); // the rep clicks elsewhere: the field is left
  await expect(shownBeside('acceptanceDate')).toHaveText('2026.\u00a012.\u00a010.');
  await expect(page.getByTestId('step-acceptance')).toContainText('2026.\u00a012.\u00a010.');
  await page.reload();
  await expect(acceptance).toHaveValue('2026-12-10');
  await expect(shownBeside('acceptanceDate')).toHaveText('2026.\u00a012.\u00a010.');

  // In English the same dates read the English way.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(shownBeside('acceptanceDate')).toHaveText('Dec\u00a010,\u00a02026');
  await expect(page.getByTestId('step-acceptance')).toContainText('Dec\u00a010,\u00a02026');
  await screenshot(page, 'i18n-date-input-en.png');
});

test('11 — a refused action reads in English: a bad field under its input, and the core’s refusal of a save (edited first in another tab), with no Hangul in the error UI', async ({ page, host }) => {
  const id = await withCore(host.dataDir, async (core) => {
    await core.invoke('settings.set', { language: 'en' });
    return (await core.invoke('applications.create', sampleApplication({ customer: latinCustomer(1401, 'Refusal Test Co'), seller: latinSeller }))).id;
  });
  const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  const byId = (p: Page, id: string) => p.locator(`[id="${id}"]`);

  // The same draft open in two tabs.
  await open(page, host.url, `/applications/${id}`);
  const other = await page.context().newPage();
  await open(other, host.url, `/applications/${id}`);
  await expect(byId(other, 'customer.representative')).toHaveValue('Hong Gildong');
  await expect(byId(page, 'customer.representative')).toHaveValue('Hong Gildong');

  // A bad field: the business number's check digit, and a phone number too short.
  await byId(page, 'customer.businessNumber').fill('102-81-42946');
  await byId(page, 'customer.phone').fill('12');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(byId(page, 'customer.businessNumber-error')).toHaveText(
    'The check digit (the last one) of the business registration number does not match. Compare it with the registration certificate.',
  );
  await expect(byId(page, 'customer.phone-error')).toHaveText('phone number: The number is too short. Include the area code (e.g. 02-123-4567).');
  await expect(page.getByTestId('error-summary')).toBeVisible();
  for (const text of await page.locator('.field-error, [data-testid="error-summary"]').allInnerTexts()) expect(text).not.toMatch(hangul);
  await screenshot(page, 'i18n-en-field-error.png');

  // Fixed and saved in this tab.
  await byId(page, 'customer.businessNumber').fill(businessNumberFor(1401));
  await byId(page, 'customer.phone').fill('02-1234-5678');
  await byId(page, 'customer.representative').fill('Lee Younghee');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toHaveAttribute('role', 'status');

  // The other tab saves what it loaded before: the core refuses (CONFLICT), in English.
  await byId(other, 'customer.representative').fill('Park Minsu');
  await other.getByRole('button', { name: 'Save', exact: true }).click();
  const banner = other.getByTestId('form-banner');
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('This application was changed elsewhere first (another window, the CLI or sync). Load the latest version, then enter your changes again.');
  expect(await banner.innerText()).not.toMatch(hangul);
  await screenshot(other, 'i18n-en-refused-save.png');
  await other.close();
});
