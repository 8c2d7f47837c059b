import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ENTRY_RESULTS, type EntryResult } from '../../../shared/prospects/rules';
import type { MyHandout } from '../../../shared/prospects/protocol';
import { invoke } from '../api';
import { background } from '../app/background';
import { date, dateTime } from '../app/format';
import { base64ToBytes, renderPages } from '../app/pdf';
import { ConfirmDialog } from '../components/ConfirmDialog';

const MINE = ['prospects.mine'] as const;

/**
 * /prospects — 내 명단 (issue 17 item 5): the lists HQ handed to this rep. Numbers are masked; 번호
 * 보기 shows one row's number (logged). Copy and selection are off on the list and there is no
 * export: a print is the watermarked PDF, through the same preview-and-print path as the forms.
 */
export function ProspectsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: MINE, queryFn: () => invoke('prospects.mine', {}) });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [checkIn, setCheckIn] = useState<MyHandout | null>(null);
  const [preview, setPreview] = useState<{ title: string; pages: string[] } | null>(null);
  const [printing, setPrinting] = useState(false);

  const replace = (h: MyHandout) => client.setQueryData<MyHandout[]>(MINE, (old) => (old ?? []).map((o) => (o.id === h.id ? h : o)));
  const act = useMutation({
    mutationFn: (a: { kind: 'acknowledge' | 'checkIn'; handoutId: string }) =>
      a.kind === 'acknowledge' ? invoke('prospects.acknowledge', { handoutId: a.handoutId }) : invoke('prospects.checkIn', { handoutId: a.handoutId }),
    onSuccess: (h, a) => {
      replace(h);
      setMessage({ ok: true, text: t(a.kind === 'acknowledge' ? 'prospects.acknowledged' : 'prospects.checkedIn', { number: h.listNumber }) });
    },
    onError: (e: Error) => setMessage({ ok: false, text: e.message }),
  });

  async function print(h: MyHandout) {
    setMessage(null);
    setPrinting(true);
    try {
      const file = await invoke('prospects.print', { handoutId: h.id });
      const pages = await renderPages(base64ToBytes(file.base64), 1.4);
      setPreview({ title: `${h.listNumber} · ${h.listName}`, pages });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setPrinting(false);
    }
  }

  const handouts = mine.data ?? [];
  const waiting = handouts.filter((h) => h.waiting).length;
  return (
    <section className="page wide">
      <div className="page-head no-print">
        <h1>{t('prospects.title')}</h1>
      </div>
      <p className="muted small no-print">{t('prospects.hint')}</p>
      {mine.isError ? (
        <p className="error-banner" role="alert">
          {mine.error.message}
        </p>
      ) : null}
      {message ? (
        <p className={`${message.ok ? 'ok-banner' : 'error-banner'} no-print`} role={message.ok ? 'status' : 'alert'} data-testid="prospects-message">
          {message.text}
        </p>
      ) : null}
      {mine.data ? (
        <p className={waiting > 0 ? 'badge warn no-print' : 'muted small no-print'} data-testid="prospects-waiting">
          {waiting > 0 ? t('prospects.waiting', { count: waiting }) : t('prospects.nothingWaiting')}
        </p>
      ) : null}
      {mine.data && handouts.length === 0 ? <p className="empty">{t('prospects.none')}</p> : null}

      <div className="no-print">
        {handouts.map((h) => (
          <Handout
            key={h.id}
            handout={h}
            busy={act.isPending || printing}
            onAcknowledge={() => act.mutate({ kind: 'acknowledge', handoutId: h.id })}
            onCheckIn={() => setCheckIn(h)}
            onPrint={() => background(print(h), 'prospects print')}
            onChanged={replace}
            onError={(text) => setMessage({ ok: false, text })}
          />
        ))}
      </div>

      {preview ? (
        <div className="preview" data-testid="prospects-preview">
          <div className="preview-head no-print">
            <h2>{preview.title}</h2>
            <button type="button" className="primary" onClick={() => window.print()}>
              {t('prospects.printNow')}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              {t('common.close')}
            </button>
          </div>
          <div className="pages">
            {preview.pages.map((src, i) => (
              <img key={i} src={src} alt={t('prospects.page', { n: i + 1, total: preview.pages.length })} className="page-image" />
            ))}
          </div>
        </div>
      ) : null}

      <ConfirmDialog
        open={checkIn !== null}
        title={checkIn ? t('prospects.confirmCheckInTitle', { number: checkIn.listNumber }) : ''}
        body={t('prospects.confirmCheckIn')}
        confirmLabel={t('prospects.checkIn')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => {
          if (checkIn) act.mutate({ kind: 'checkIn', handoutId: checkIn.id });
          setCheckIn(null);
        }}
        onCancel={() => setCheckIn(null)}
      />
    </section>
  );
}

function Handout({
  handout: h,
  busy,
  onAcknowledge,
  onCheckIn,
  onPrint,
  onChanged,
  onError,
}: {
  handout: MyHandout;
  busy: boolean;
  onAcknowledge: () => void;
  onCheckIn: () => void;
  onPrint: () => void;
  onChanged: (h: MyHandout) => void;
  onError: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ entryId: string; phone: string } | null>(null);
  const reveal = useMutation({
    mutationFn: (entryId: string) => invoke('prospects.reveal', { handoutId: h.id, entryId }),
    onSuccess: (r) => setShown({ entryId: r.entryId, phone: r.phone }),
    onError: (e: Error) => onError(e.message),
  });
  const canMark = h.state === 'acknowledged';
  const done = h.entries.filter((e) => e.result !== null).length;
  return (
    <article className="card prospect-handout" data-testid={`handout-${h.listNumber}`} aria-label={h.listNumber}>
      <div className="page-head">
        <h2>
          <span className="mono">{h.listNumber}</span> · {h.listName}
        </h2>
        <div className="actions">
          {h.state === 'handed_out' ? (
            <button type="button" className="primary" disabled={busy} onClick={onAcknowledge}>
              {t('prospects.acknowledge')}
            </button>
          ) : null}
          {h.state === 'handed_out' || h.state === 'acknowledged' ? (
            <>
              <button type="button" disabled={busy} onClick={onPrint}>
                {t('prospects.print')}
              </button>
              <button type="button" disabled={busy} onClick={onCheckIn}>
                {t('prospects.checkIn')}
              </button>
            </>
          ) : null}
        </div>
      </div>
      <dl className="facts small">
        <dt>{t('prospects.campaign')}</dt>
        <dd>{h.campaign}</dd>
        <dt>{t('prospects.state')}</dt>
        <dd>
          <span className="badge" data-testid="handout-state">
            {t(`prospects.states.${h.state}`)}
          </span>
          {h.waiting ? (
            <span className="badge warn" data-testid="handout-waiting">
              {' '}
              {t('prospects.waitingOne')}
            </span>
          ) : null}
        </dd>
        <dt>{t('prospects.handedAt')}</dt>
        <dd>{date(h.handedAt)}</dd>
        {h.acknowledgedAt ? (
          <>
            <dt>{t('prospects.acknowledgedAt')}</dt>
            <dd>{dateTime(h.acknowledgedAt)}</dd>
          </>
        ) : null}
        <dt>{t('prospects.progress')}</dt>
        <dd>{t('prospects.done', { done, total: h.entries.length })}</dd>
      </dl>
      {h.state === 'handed_out' ? <p className="muted small">{t('prospects.ackFirst')}</p> : null}
      {h.state === 'checked_in' ? <p className="muted small">{t('prospects.leavesOnSync')}</p> : null}
      <div className="scroll-x">
        <table
          className="grid no-copy"
          style={{ userSelect: 'none' }}
          data-testid="prospect-entries"
          onCopy={(e) => e.preventDefault()}
          onCut={(e) => e.preventDefault()}
          onContextMenu={(e) => e.preventDefault()}
          onDragStart={(e) => e.preventDefault()}
        >
          <thead>
            <tr>
              <th>#</th>
              <th>{t('prospects.company')}</th>
              <th>{t('prospects.contact')}</th>
              <th>{t('prospects.phone')}</th>
              <th>{t('prospects.result')}</th>
            </tr>
          </thead>
          <tbody>
            {h.entries.map((e) => (
              <tr key={e.id} data-testid={`entry-${e.seq}`}>
                <td className="mono">{e.seq}</td>
                <td>{e.company}</td>
                <td>{e.contact}</td>
                <td>
                  <span className="mono" data-testid="entry-phone">
                    {shown?.entryId === e.id ? shown.phone : e.phoneMasked}
                  </span>{' '}
                  {shown?.entryId === e.id ? (
                    <button type="button" className="link-button" onClick={() => setShown(null)}>
                      {t('prospects.hide')}
                    </button>
                  ) : h.state === 'handed_out' || h.state === 'acknowledged' ? (
                    <button type="button" className="link-button" disabled={reveal.isPending} onClick={() => reveal.mutate(e.id)}>
                      {t('prospects.reveal')}
                    </button>
                  ) : null}
                </td>
                <td>
                  <ResultCell handoutId={h.id} entry={e} disabled={!canMark} onChanged={onChanged} onError={onError} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function ResultCell({
  handoutId,
  entry,
  disabled,
  onChanged,
  onError,
}: {
  handoutId: string;
  entry: MyHandout['entries'][number];
  disabled: boolean;
  onChanged: (h: MyHandout) => void;
  onError: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [result, setResult] = useState<EntryResult | ''>(entry.result ?? '');
  const [note, setNote] = useState(entry.note ?? '');
  const save = useMutation({
    mutationFn: (r: EntryResult) => invoke('prospects.result', { handoutId, entryId: entry.id, result: r, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: onChanged,
    onError: (e: Error) => onError(e.message),
  });
  const changed = result !== '' && (result !== entry.result || note.trim() !== (entry.note ?? ''));
  return (
    <div className="result-cell">
      <select aria-label={t('prospects.resultFor', { seq: entry.seq })} value={result} disabled={disabled} onChange={(e) => setResult(e.target.value as EntryResult | '')}>
        <option value="">{t('prospects.noResult')}</option>
        {ENTRY_RESULTS.map((r) => (
          <option key={r} value={r}>
            {t(`prospects.results.${r}`)}
          </option>
        ))}
      </select>{' '}
      <input aria-label={t('prospects.noteFor', { seq: entry.seq })} placeholder={t('prospects.note')} value={note} maxLength={500} disabled={disabled} onChange={(e) => setNote(e.target.value)} />{' '}
      <button type="button" disabled={disabled || !changed || save.isPending} onClick={() => result !== '' && save.mutate(result)}>
        {t('prospects.saveResult')}
      </button>
      {entry.resultAt ? <span className="muted small"> {dateTime(entry.resultAt)}</span> : null}
    </div>
  );
}
