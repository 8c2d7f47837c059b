import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelOutput } from '../../../shared/contract/contract';
import { invoke } from '../api';
import { date, dateTime } from '../app/format';
import { ConfirmDialog } from './ConfirmDialog';

type DueItem = ChannelOutput<'retention.due'>['items'][number];
type Hold = DueItem['holds'][number];
type Result = ChannelOutput<'retention.destroy'>['results'][number];

/**
 * 파기 예정 (issue 17 item 3) on the 데이터 보관 page: what the retention rules the rep confirms have
 * made due, with each rule's basis and what holds an item; the rep confirms one item at a time in a
 * dialog (the core re-checks it then), and the destruction log below shows what went, without the
 * destroyed data.
 */
export function RetentionSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const due = useQuery({ queryKey: ['retention.due'], queryFn: () => invoke('retention.due', {}) });
  const log = useQuery({ queryKey: ['retention.log'], queryFn: () => invoke('retention.log', {}) });
  const [chosen, setChosen] = useState<DueItem | null>(null);
  const [outcome, setOutcome] = useState<Result | null>(null);
  const destroy = useMutation({
    mutationFn: (item: DueItem) => invoke('retention.destroy', { items: [{ subjectId: item.subjectId, ruleId: item.ruleId, lastActivityAt: item.lastActivityAt }] }),
    onSuccess: async (r) => {
      setOutcome(r.results[0] ?? null);
      await queryClient.invalidateQueries();
    },
  });
  const holdText = (h: Hold) =>
    h.kind === 'legal_hold' ? t('retention.hold.legal', { reason: h.reason }) : h.kind === 'open_dispute' ? t('retention.hold.dispute', { count: h.tickets }) : t('retention.hold.unpaid');

  return (
    <section aria-labelledby="retention-title" data-testid="retention">
      <h2 id="retention-title">{t('retention.title')}</h2>
      <p className="muted">{t('retention.intro')}</p>
      {destroy.error ? (
        <div className="error-banner" role="alert">
          {destroy.error.message}
        </div>
      ) : null}
      {outcome ? (
        outcome.destroyed ? (
          <p role="status">{t('retention.done')}</p>
        ) : (
          <div className="error-banner" role="alert">
            {t(`retention.refused.${outcome.refusal ?? 'not_due'}`)}
            {outcome.holds.length > 0 ? ` (${outcome.holds.map(holdText).join(', ')})` : ''}
          </div>
        )
      ) : null}
      {!due.data ? (
        <p className="muted">{t('list.loading')}</p>
      ) : due.data.items.length === 0 ? (
        <p className="muted">{t('retention.none')}</p>
      ) : (
        <table className="grid" data-testid="retention-due">
          <thead>
            <tr>
              <th>{t('retention.colRecord')}</th>
              <th>{t('retention.colLast')}</th>
              <th>{t('retention.colDue')}</th>
              <th>{t('retention.colRule')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {due.data.items.map((item) => (
              <tr key={item.subjectId}>
                <td data-personal>{item.company}</td>
                <td className="nowrap">{date(item.lastActivityAt)}</td>
                <td className="nowrap">{date(item.dueAt)}</td>
                <td>
                  {t(`retention.action.${item.action}`)} · {t('retention.months', { count: item.months })}
                  <br />
                  <small data-form-text>{item.basis}</small>
                </td>
                <td>
                  {item.holds.length > 0 ? (
                    <span className="muted">{t('retention.held', { holds: item.holds.map(holdText).join(', ') })}</span>
                  ) : (
                    <button type="button" onClick={() => setChosen(item)} disabled={destroy.isPending}>
                      {t('retention.destroy')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('retention.logTitle')}</h3>
      {!log.data || log.data.length === 0 ? (
        <p className="muted">{t('retention.logEmpty')}</p>
      ) : (
        <table className="grid" data-testid="retention-log">
          <thead>
            <tr>
              <th>{t('retention.colWhen')}</th>
              <th>{t('retention.colRule')}</th>
              <th>{t('retention.colWhat')}</th>
              <th>{t('retention.colWho')}</th>
              <th>{t('retention.colBackups')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{dateTime(e.at)}</td>
                <td>
                  {t(`retention.action.${e.action}`)} ({e.ruleId})
                </td>
                <td>{t('retention.counts', { records: e.recordsRemoved, fields: e.fieldsErased, files: e.filesRemoved })}</td>
                <td data-personal>{e.confirmedBy}</td>
                <td className="nowrap">{t('retention.backupsUntil', { date: date(e.backupsGoneBy) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={chosen !== null}
        title={t('retention.confirmTitle')}
        body={chosen ? t('retention.confirmBody', { company: chosen.company, action: t(`retention.action.${chosen.action}`), basis: chosen.basis }) : ''}
        confirmLabel={t('retention.confirm')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => {
          if (chosen) {
            setOutcome(null);
            destroy.mutate(chosen);
          }
          setChosen(null);
        }}
        onCancel={() => setChosen(null)}
      />
    </section>
  );
}
