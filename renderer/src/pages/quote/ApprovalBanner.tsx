import { useTranslation } from 'react-i18next';
import type { Quote } from '../../../../shared/catalog/engine';
import { APPROVAL_STATE_LABELS, type ApprovalState, type QuoteDetail } from '../../../../shared/domain/quote';
import { formatPaperDate } from '../../../../shared/format/date';

/** The one approval state of the quote (HQ's decision on what was saved, or what saving this edit needs) and the pricing warnings. */
export function ApprovalBanner({ approval, quote, detail, lang }: { approval: ApprovalState; quote: Quote; detail: QuoteDetail | undefined; lang: 'ko' | 'en' }) {
  const { t } = useTranslation();
  return (
    <div className={approval === 'refused' ? 'error-banner' : approval === 'pending' || approval === 'unsaved_pending' ? 'warn-banner' : 'ok-banner'} data-testid="approval-state">
      <strong>{APPROVAL_STATE_LABELS[approval][lang]}</strong> —{' '}
      {t(`quote.approvalState.${approval}`, {
        when: detail?.version.approval.decidedAt ? ` (${formatPaperDate(detail.version.approval.decidedAt)})` : '',
        reason: detail?.version.approval.reason ? `: ${detail.version.approval.reason}` : '',
      })}
      {quote.warnings.length > 0 ? (
        <ul className="warnings" data-testid="quote-warnings">
          {quote.warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
