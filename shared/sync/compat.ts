import type { Fields } from './protocol';

/**
 * What HQ sends an older app instead of what it cannot read (the protocol-version decision of
 * issue 14's final turn-down, 접수 거절).
 *
 * An app validates the records it stores against its own list of statuses; an app that predates
 * `declined` would fail on every screen that lists that application. Bumping the protocol version
 * would stop every older laptop from syncing at all until it is updated, so instead HQ speaks the
 * older app's language: `declined` goes to it as `rejected` (반려, which it knows and shows with the
 * reason), the reason marked so the rep reads that it is final. If that rep revises and submits
 * anyway, HQ refuses the change as for any declined application (the record set aside with HQ's
 * reason), so nothing is lost and nothing wrong is accepted.
 *
 * How HQ knows: apps that know `declined` are exactly the ones that send the app-version header
 * (`x-salesdesk-app-version`); both shipped in the same change. Once releases are numbered, a
 * status added later names the first version that knows it here, and apps below it get its
 * fallback the same way.
 */
const FINAL_TURN_DOWN_MARK = '[접수 거절 — 최종 결정, 수정·재제출 불가]';

export function fieldsForApp(entity: string, fields: Fields, appVersion: string | undefined): Fields {
  if (appVersion !== undefined) return fields;
  if (entity !== 'application' || fields.status !== 'declined') return fields;
  const reason = typeof fields.statusReason === 'string' && fields.statusReason !== '' ? fields.statusReason : null;
  return { ...fields, status: 'rejected', statusReason: reason ? `${FINAL_TURN_DOWN_MARK} ${reason}` : FINAL_TURN_DOWN_MARK };
}
