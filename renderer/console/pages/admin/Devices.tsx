import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { DataTable, ErrorBanner, Pager, type SortState } from '../../components/Table';
import { background, useDebounced } from '../../components/hooks';
import { dateTime } from '../../format';
import { useCan } from '../../session';

interface Device {
  id: string;
  name: string;
  branch: string;
  rep: string;
  createdAt: string;
  lastSeenAt: string | null;
  lastPushAt: string | null;
  pushed: number;
  rejected: number;
  appVersion: string | null;
  pendingChanges: number | null;
  revokedAt: string | null;
}
interface Branch {
  id: number;
  name: string;
  devices: number;
  applications: number;
  reps: { id: number; name: string; devices: number }[];
}

export function AdminBranches() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['branches'], queryFn: () => api<Branch[]>('GET', '/branches') });
  return (
    <>
      <ErrorBanner error={list.error} />
      {list.data ? (
        <DataTable
          testId="branches-table"
          rows={list.data}
          rowKey={(b) => String(b.id)}
          columns={[
            { key: 'name', label: t('col.branch'), render: (b) => <strong>{b.name}</strong> },
            { key: 'reps', label: t('admin.reps'), className: 'wrap', render: (b) => b.reps.map((r) => `${r.name} (${r.devices})`).join(', ') || '—' },
            { key: 'devices', label: t('admin.deviceCount'), className: 'num', render: (b) => b.devices },
            { key: 'apps', label: t('admin.applicationCount'), className: 'num', render: (b) => b.applications },
          ]}
        />
      ) : null}
    </>
  );
}

export function AdminDevices() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManage = useCan('admin.manage');
  const [state, setState] = useState('active');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ sort: 'lastSeen', dir: 'desc' });
  const query = { state, q: useDebounced(q.trim(), 250), offset, limit: 50, sort: sort.sort, dir: sort.dir };
  const list = useQuery({ queryKey: ['devices', query], queryFn: () => api<{ items: Device[]; total: number }>('GET', '/devices', undefined, query), placeholderData: keepPreviousData });
  const revoke = useMutation({
    mutationFn: (id: string) => api('POST', `/devices/${id}/revoke`),
    onSuccess: () => background(client.invalidateQueries({ queryKey: ['devices'] }), 'refresh'),
  });
  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor="f-dstate">{t('list.status')}</label>
          <select id="f-dstate" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="active">{t('admin.stateActive')}</option>
            <option value="revoked">{t('admin.stateRevoked')}</option>
            <option value="all">{t('list.all')}</option>
          </select>
        </div>
        <input type="search" className="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <p className="muted small">{t('admin.pendingGap')}</p>
      <ErrorBanner error={list.error ?? revoke.error} />
      {list.data ? (
        <>
          <DataTable
            testId="devices-table"
            rows={list.data.items}
            rowKey={(d) => d.id}
            sort={sort}
            onSort={setSort}
            columns={[
              { key: 'name', label: t('admin.deviceName'), sort: 'name', render: (d) => d.name },
              { key: 'branch', label: t('col.branch'), sort: 'branch', render: (d) => d.branch },
              { key: 'rep', label: t('col.seller'), render: (d) => d.rep },
              { key: 'seen', label: t('admin.lastSeen'), sort: 'lastSeen', render: (d) => dateTime(d.lastSeenAt) },
              { key: 'push', label: t('admin.lastPush'), render: (d) => dateTime(d.lastPushAt) },
              { key: 'pushed', label: t('admin.pushed'), className: 'num', render: (d) => `${d.pushed}${d.rejected ? ` (${t('admin.rejected')} ${d.rejected})` : ''}` },
              { key: 'ver', label: t('admin.appVersion'), render: (d) => d.appVersion ?? '—' },
              {
                key: 'pending',
                label: t('admin.pendingChanges'),
                className: 'num',
                render: (d) => (d.pendingChanges === null ? '—' : d.pendingChanges > 0 ? <span className="badge status-submitted">{d.pendingChanges}</span> : '0'),
              },
              {
                key: 'act',
                label: t('col.actions'),
                render: (d) =>
                  d.revokedAt ? (
                    <span className="badge status-rejected">{t('admin.revoked')}</span>
                  ) : canManage ? (
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(t('admin.revokeConfirm'))) revoke.mutate(d.id);
                      }}
                    >
                      {t('admin.revoke')}
                    </button>
                  ) : null,
              },
            ]}
          />
          <Pager total={list.data.total} offset={offset} limit={50} onOffset={setOffset} />
        </>
      ) : null}
    </>
  );
}
