import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PROSPECT_PATHS, type CampaignRequestView, type HandoutView, type ProspectHandoutResult, type ProspectImportResult, type ProspectListView } from '../../../shared/prospects/protocol';
import { api } from '../api';
import { ErrorBanner } from '../components/Table';
import { date, dateTime } from '../format';

const LISTS = ['prospects', 'lists'] as const;

/** What an import file holds: CSV text, or JSON (an array of rows, or `{ rows }`). */
function importBody(name: string, fileName: string, text: string, notJson: (m: string) => string): unknown {
  if (!/\.json$/i.test(fileName)) return { name, csv: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(notJson((e as Error).message));
  }
  const rows = Array.isArray(value) ? value : (value as { rows?: unknown } | null)?.rows;
  return { name, rows };
}

/**
 * 명단 (issue 17 item 5; admin only, `prospects.manage`): the prospect lists with their counts and
 * keep-until dates; import (JSON or CSV, with what was screened out and why), hand out to a rep
 * for a campaign, approve or refuse a second campaign, recall a hand-out, archive a list.
 */
export function ProspectsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const lists = useQuery({ queryKey: LISTS, queryFn: () => api<ProspectListView[]>('GET', PROSPECT_PATHS.lists) });
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: LISTS });

  const all = lists.data ?? [];
  const open = all.filter((l) => l.archivedAt === null);
  const handouts = all.flatMap((l) => l.handouts);
  const requests = all.flatMap((l) => l.requests.filter((r) => r.status === 'pending').map((r) => ({ ...r, listNumber: l.number })));

  const decide = useMutation({
    mutationFn: (a: { id: string; approve: boolean }) => api<CampaignRequestView>('POST', PROSPECT_PATHS.decide(a.id), { approve: a.approve }),
    onSuccess: async (r) => {
      setNotice(t(r.status === 'approved' ? 'pl.approvedDone' : 'pl.refusedDone', { campaign: r.campaign }));
      await refresh();
    },
  });
  const recall = useMutation({
    mutationFn: (h: HandoutView) => api<HandoutView>('POST', PROSPECT_PATHS.recall(h.id)),
    onSuccess: async (h) => {
      setNotice(t('pl.recalledDone', { number: h.listNumber, rep: h.rep }));
      await refresh();
    },
  });
  const archive = useMutation({
    mutationFn: (l: ProspectListView) => api<ProspectListView>('POST', PROSPECT_PATHS.archive(l.id)),
    onSuccess: async (l) => {
      setNotice(t('pl.archivedDone', { number: l.number }));
      await refresh();
    },
  });

  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('pl.title')}</h1>
      </div>
      <p className="muted small">{t('pl.hint')}</p>
      <ErrorBanner error={lists.error ?? decide.error ?? recall.error ?? archive.error} />
      {notice ? (
        <p className="ok-banner" role="status" data-testid="pl-notice">
          {notice}
        </p>
      ) : null}

      <h2>{t('pl.lists')}</h2>
      {all.length === 0 && lists.data ? <p className="empty">{t('pl.none')}</p> : null}
      {all.length > 0 ? <ListsTable lists={all} archiving={archive.isPending} onArchive={(l) => archive.mutate(l)} /> : null}

      <ImportForm onImported={refresh} />
      {open.length > 0 ? (
        <HandoutForm
          lists={open}
          onDone={(text) => {
            setNotice(text);
            return refresh();
          }}
        />
      ) : null}

      <h2>{t('pl.requests')}</h2>
      {requests.length === 0 ? (
        <p className="empty">{t('pl.noRequests')}</p>
      ) : (
        <table className="grid" data-testid="pl-requests">
          <thead>
            <tr>
              <th>{t('pl.number')}</th>
              <th>{t('pl.campaign')}</th>
              <th>{t('pl.requestedBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.listNumber}</td>
                <td>{r.campaign}</td>
                <td className="small">
                  {r.requestedBy} · {dateTime(r.requestedAt)}
                </td>
                <td className="actions">
                  <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: r.id, approve: true })}>
                    {t('pl.approve')}
                  </button>{' '}
                  <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: r.id, approve: false })}>
                    {t('pl.refuse')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('pl.handouts')}</h2>
      {handouts.length === 0 ? (
        <p className="empty">{t('pl.noHandouts')}</p>
      ) : (
        <div className="scroll-x">
          <table className="grid" data-testid="pl-handouts">
            <thead>
              <tr>
                <th>{t('pl.number')}</th>
                <th>{t('pl.rep')}</th>
                <th>{t('pl.campaign')}</th>
                <th>{t('pl.count')}</th>
                <th>{t('pl.state')}</th>
                <th>{t('pl.results')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {handouts.map((h) => (
                <tr key={h.id} data-testid={`pl-handout-${h.rep}`}>
                  <td className="mono">{h.listNumber}</td>
                  <td>
                    {h.rep} <span className="muted small">({h.branch})</span>
                  </td>
                  <td>{h.campaign}</td>
                  <td>{h.count}</td>
                  <td>
                    <span className="badge" data-testid="pl-handout-state">
                      {t(`pl.states.${h.state}`)}
                    </span>
                    <div className="muted small">{dateTime(h.checkedInAt ?? h.acknowledgedAt ?? h.handedAt)}</div>
                  </td>
                  <td className="small" data-testid="pl-handout-results">
                    {Object.entries(h.results)
                      .map(([k, n]) => `${t(`pl.resultNames.${k}`)} ${n}`)
                      .join(' · ') || '—'}
                  </td>
                  <td>
                    {h.state === 'handed_out' || h.state === 'acknowledged' ? (
                      <button
                        type="button"
                        disabled={recall.isPending}
                        onClick={() => {
                          if (window.confirm(t('pl.recallConfirm', { number: h.listNumber, rep: h.rep, count: h.count }))) recall.mutate(h);
                        }}
                      >
                        {t('pl.recall')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ImportForm({ onImported }: { onImported: () => Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => {
      const body = importBody(name.trim(), file?.name ?? '', file?.text ?? '', (m) => t('common.notJson', { message: m })) as Record<string, unknown>;
      return api<ProspectImportResult>('POST', PROSPECT_PATHS.lists, { ...body, ...(source.trim() ? { source: source.trim() } : {}) });
    },
    onSuccess: () => onImported(),
  });
  return (
    <fieldset className="card" data-testid="pl-import">
      <legend>{t('pl.import')}</legend>
      <p className="muted small">{t('pl.importHint')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="pl-name">{t('pl.name')}</label>
          <input id="pl-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pl-source">{t('pl.source')}</label>
          <input id="pl-source" value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />
        </div>
        <input
          type="file"
          accept=".json,.csv,application/json,text/csv"
          aria-label={t('pl.file')}
          onChange={(e) => {
            const f = e.target.files?.[0];
            run.reset();
            setFile(null);
            if (!f) return;
            f.text()
              .then((text) => {
                setFile({ name: f.name, text });
                setFileError(null);
              })
              .catch((err: unknown) => setFileError(err instanceof Error ? err.message : String(err)));
          }}
        />
        <button type="button" className="primary" disabled={file === null || name.trim() === '' || run.isPending} onClick={() => run.mutate()}>
          {t('pl.importButton')}
        </button>
      </div>
      {fileError ? <p className="error-banner">{fileError}</p> : null}
      <ErrorBanner error={run.error} />
      {run.data ? (
        <div data-testid="pl-import-result">
          <p className="ok-banner">{t('pl.imported_', { number: run.data.list.number, accepted: run.data.accepted, rejected: run.data.rejected.length })}</p>
          {run.data.rejected.length > 0 ? (
            <table className="grid" data-testid="pl-rejected">
              <thead>
                <tr>
                  <th>{t('pl.line')}</th>
                  <th>{t('pl.company')}</th>
                  <th>{t('pl.phone')}</th>
                  <th>{t('pl.why')}</th>
                </tr>
              </thead>
              <tbody>
                {run.data.rejected.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.company}</td>
                    <td className="mono">{r.phone}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}

function HandoutForm({ lists, onDone }: { lists: ProspectListView[]; onDone: (text: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [listId, setListId] = useState('');
  const [branch, setBranch] = useState('');
  const [rep, setRep] = useState('');
  const [campaign, setCampaign] = useState('');
  const [count, setCount] = useState('');
  const chosen = lists.find((l) => l.id === listId) ?? lists[0]!;
  const run = useMutation({
    mutationFn: () => api<ProspectHandoutResult>('POST', PROSPECT_PATHS.handout(chosen.id), { branch: branch.trim(), rep: rep.trim(), campaign: campaign.trim(), count: Number(count) }),
    onSuccess: (r) =>
      onDone(
        r.status === 'handed_out'
          ? t('pl.handedOutDone', { number: r.handout.listNumber, rep: r.handout.rep, count: r.handout.count, excluded: r.excluded })
          : t('pl.needsApproval', { campaign: r.request.campaign }),
      ),
  });
  return (
    <fieldset className="card" data-testid="pl-handout">
      <legend>{t('pl.handout')}</legend>
      <div className="filters">
        <div className="field">
          <label htmlFor="pl-list">{t('pl.list')}</label>
          <select id="pl-list" value={chosen.id} onChange={(e) => setListId(e.target.value)}>
            {lists.map((l) => (
              <option key={l.id} value={l.id}>
                {l.number} · {l.name} ({t('pl.availableN', { count: l.available })})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pl-branch">{t('pl.branch')}</label>
          <input id="pl-branch" value={branch} maxLength={100} onChange={(e) => setBranch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pl-rep">{t('pl.rep')}</label>
          <input id="pl-rep" value={rep} maxLength={100} onChange={(e) => setRep(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pl-campaign">{t('pl.campaign')}</label>
          <input id="pl-campaign" value={campaign} maxLength={100} onChange={(e) => setCampaign(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pl-count">{t('pl.count')}</label>
          <input id="pl-count" type="number" min={1} max={5000} value={count} onChange={(e) => setCount(e.target.value)} />
        </div>
        <button type="button" className="primary" disabled={run.isPending} onClick={() => run.mutate()}>
          {t('pl.handoutButton')}
        </button>
      </div>
      <ErrorBanner error={run.error} />
    </fieldset>
  );
}

/** The lists with their counts and keep-until dates; a list not archived yet can be archived (after a confirm). */
function ListsTable({ lists, archiving, onArchive }: { lists: ProspectListView[]; archiving: boolean; onArchive: (list: ProspectListView) => void }) {
  const { t } = useTranslation();
  return (
    <div className="scroll-x">
      <table className="grid" data-testid="pl-lists">
        <thead>
          <tr>
            <th>{t('pl.number')}</th>
            <th>{t('pl.name')}</th>
            <th>{t('pl.entries')}</th>
            <th>{t('pl.available')}</th>
            <th>{t('pl.handedOut')}</th>
            <th>{t('pl.imported')}</th>
            <th>{t('pl.keepUntil')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {lists.map((l) => (
            <tr key={l.id} data-testid={`pl-list-${l.number}`}>
              <td className="mono">{l.number}</td>
              <td>
                {l.name}
                {l.source ? <div className="muted small">{l.source}</div> : null}
              </td>
              <td>{l.entries.toLocaleString('ko-KR')}</td>
              <td>{l.available.toLocaleString('ko-KR')}</td>
              <td>{l.handouts.filter((h) => h.state === 'handed_out' || h.state === 'acknowledged').length}</td>
              <td className="small">
                {dateTime(l.importedAt)} · {l.importedBy}
              </td>
              <td>{date(l.keepUntil)}</td>
              <td>
                {l.archivedAt ? (
                  <span className="badge">{t('pl.archivedAt', { at: date(l.archivedAt) })}</span>
                ) : (
                  <button
                    type="button"
                    disabled={archiving}
                    onClick={() => {
                      if (window.confirm(t('pl.archiveConfirm', { number: l.number, keepUntil: date(l.keepUntil) }))) onArchive(l);
                    }}
                  >
                    {t('pl.archive')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
