import { formatKoreanDate, formatKoreanDateTime } from '../../../shared/format/date';
import { STATUS_LABELS, KIND_LABELS } from '../../../shared/domain/status';
import type { ApplicationStatus } from '../../../shared/domain/status';
import i18n from '../i18n';

const lang = () => (i18n.language === 'en' ? 'en' : 'ko');

export const statusLabel = (s: ApplicationStatus) => STATUS_LABELS[s][lang()];
export const kindLabel = (k: keyof typeof KIND_LABELS) => KIND_LABELS[k][lang()];
/** Dates on screen never break across lines: "2026. 12. 2." is joined with no-break spaces. */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');
export const date = (iso: string) => unbroken(formatKoreanDate(iso));
export const dateTime = (iso: string) => unbroken(formatKoreanDateTime(iso));
