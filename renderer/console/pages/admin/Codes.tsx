import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { api } from '../../api';
import { DataTable, ErrorBanner } from '../../components/Table';
import { background } from '../../components/hooks';
import { dateTime } from '../../format';

interface Issued {
  code: string;
  expiresAt: string;
  branch: string;
  rep: string;
  server: string | null;
}
interface CodeRow {
  ref: string;
  branch: string;
  rep: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  state: 'open' | 'used' | 'expired';
}

export function AdminCodes() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [branch, setBranch] = useState('');
  const [rep, setRep] = useState('');
  const [ttlHours, setTtl] = useState(24);
  const [issued, setIssued] = useState<(Issued & { qr: string }) | null>(null);
  const list = useQuery({ queryKey: ['codes'], queryFn: () => api<CodeRow[]>('GET', '/enrollment-codes') });
  const issue = useMutation({
    mutationFn: async () => {
      const r = await api<Issued>('POST', '/enrollment-codes', { branch, rep, ttlHours });
      // What the QR carries: the HQ address and the code, the two things the rep types.
      const qr = await QRCode.toDataURL(JSON.stringify({ salesdeskEnroll: 1, server: r.server ?? window.location.origin, code: r.code }), { margin: 1, width: 320 });
      return { ...r, qr };
    },
    onSuccess: (r) => {
      setIssued(r);
      background(client.invalidateQueries({ queryKey: ['codes'] }), 'refresh');
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    issue.mutate();
  };
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label={t('admin.newCode')}>
        <div className="field">
          <label htmlFor="c-branch">{t('col.branch')}</label>
          <input id="c-branch" value={branch} onChange={(e) => setBranch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="c-rep">{t('admin.rep')}</label>
          <input id="c-rep" value={rep} onChange={(e) => setRep(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="c-ttl">{t('admin.ttlHours')}</label>
          <input id="c-ttl" type="number" min={1} max={720} value={ttlHours} onChange={(e) => setTtl(Number(e.target.value))} />
        </div>
        <button type="submit" className="primary" disabled={issue.isPending}>
          {t('admin.issue')}
        </button>
      </form>
      <ErrorBanner error={issue.error ?? list.error} />
      {issued ? (
        <div className="code-box" data-testid="issued-code">
          <img src={issued.qr} alt="QR" />
          <div>
            <div className="muted">
              {t('admin.codeIssued')} · {issued.branch} · {issued.rep}
            </div>
            <div className="code" data-testid="enrollment-code">
              {issued.code}
            </div>
            <div className="small">
              {t('admin.server')}: <span className="mono">{issued.server ?? window.location.origin}</span> · {t('admin.expires')} {dateTime(issued.expiresAt)}
            </div>
            <p className="field-hint">{t('admin.codeHint')}</p>
          </div>
        </div>
      ) : null}
      {list.data ? (
        <DataTable
          testId="codes-table"
          rows={list.data}
          rowKey={(c) => c.ref}
          columns={[
            { key: 'branch', label: t('col.branch'), render: (c) => c.branch },
            { key: 'rep', label: t('col.seller'), render: (c) => c.rep },
            { key: 'created', label: t('col.created'), render: (c) => dateTime(c.createdAt) },
            { key: 'expires', label: t('admin.expires'), render: (c) => dateTime(c.expiresAt) },
            {
              key: 'state',
              label: t('col.status'),
              render: (c) => <span className={`badge ${c.state === 'open' ? 'approval-pending' : c.state === 'used' ? 'approval-approved' : 'approval-refused'}`}>{t(`admin.state_${c.state}`)}</span>,
            },
            { key: 'used', label: t('admin.used'), render: (c) => dateTime(c.usedAt) },
          ]}
        />
      ) : null}
    </>
  );
}
