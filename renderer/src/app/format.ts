import { formatKoreanDate, formatKoreanDateTime } from '../../../shared/format/date';
import { STATUS_LABELS, KIND_LABELS } from '../../../shared/domain/status';
import type { ApplicationStatus } from '../../../shared/domain/status';
import i18n from '../i18n';

const lang = () => (i18n.language === 'en' ? 'en' : 'ko');

export const statusLabel = (s: ApplicationStatus) => STATUS_LABELS[s][lang()];
export const kindLabel = (k: keyof typeof KIND_LABELS) => KIND_LABELS[k][lang()];
export const date = (iso: string) => formatKoreanDate(iso);
export const dateTime = (iso: string) => formatKoreanDateTime(iso);
