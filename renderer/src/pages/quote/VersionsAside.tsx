import { useTranslation } from 'react-i18next';
import type { Quote } from '../../../../shared/catalog/engine';
import { APPROVAL_LABELS, type QuoteDetail } from '../../../../shared/domain/quote';
import { TERM_LABELS } from '../../../../shared/domain/status';
import { formatKoreanDate, formatPaperDate } from '../../../../shared/format/date';
import { dateTime } from '../../app/format';
import { Totals } from './Totals';

/** The quote's saved versions; one picked shows its totals and can be loaded into the draft. */
export function VersionsAside({
  detail,
  viewVersion,
  onView,
  viewed,
  onLoad,
  lang,
  money,
}: {
  detail: QuoteDetail;
  viewVersion: number | null;
  onView: (version: number) => void;
  /** The version being looked at, once loaded. */
  viewed: QuoteDetail | undefined;
  onLoad: (viewed: QuoteDetail) => void;
  lang: 'ko' | 'en';
  money: (n: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <aside className="quote-side">
      <h2>{t('quote.versions')}</h2>
      <ol className="versions" data-testid="quote-versions">
        {detail.versions.map((v) => (
          <li key={v.version} className={viewVersion === v.version ? 'active' : undefined}>
            <button type="button" className="link-button" onClick={() => onView(v.version)}>
              {t('quote.versionLabel', { version: v.version, date: formatPaperDate(v.createdAt) })}
              {v.version === detail.latestVersion ? ` (${t('quote.latest')})` : ''}
            </button>
            <div className="muted small">
              {dateTime(v.createdAt)} · {TERM_LABELS[v.term][lang]} · {money(v.monthlyTotal)}
            </div>
            <div className="small">
              <span className={`badge approval-${v.approvalStatus}`}>{APPROVAL_LABELS[v.approvalStatus][lang]}</span>{' '}
              <span className="muted">{t('quote.catalogStamp', { id: v.catalog.id, version: v.catalog.version })}</span>
            </div>
          </li>
        ))}
      </ol>
      {viewed ? (
        <div className="version-view" data-testid="version-view">
          <h3>{t('quote.viewing', { version: viewed.version.version })}</h3>
          <p className="muted small">{t('quote.validUntil', { date: formatKoreanDate(viewed.version.validUntil) })}</p>
          <Totals quote={viewed.version.result as Quote} money={money} compact />
          <button type="button" onClick={() => onLoad(viewed)}>
            {t('quote.loadVersion')}
          </button>
        </div>
      ) : null}
    </aside>
  );
}
