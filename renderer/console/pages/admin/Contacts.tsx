import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorBanner } from '../../components/Table';
import { background } from '../../components/hooks';
import { dateTime } from '../../format';
import { useCan } from '../../session';

interface Contact {
  role: string;
  team: string;
  person?: string;
  mobile?: string;
  phone?: string;
  email?: string;
  note?: string;
}
const FIELDS = ['role', 'team', 'person', 'mobile', 'phone', 'email', 'note'] as const;

/** Optional fields left empty are left out: the contact schema refuses none of them, but keeps the list clean. */
const clean = (c: Contact): Contact => Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as unknown as Contact;

export function AdminContacts() {
  const data = useQuery({ queryKey: ['contacts'], queryFn: () => api<{ version: number | null; publishedAt: string | null; contacts: Contact[] }>('GET', '/contacts') });
  if (data.error) return <ErrorBanner error={data.error} />;
  if (!data.data) return null;
  // Keyed by the published version: a new version starts the editor from what HQ now holds.
  return <ContactsEditor key={data.data.version ?? 0} initial={data.data.contacts} version={data.data.version} publishedAt={data.data.publishedAt} />;
}

function ContactsEditor({ initial, version, publishedAt }: { initial: Contact[]; version: number | null; publishedAt: string | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManage = useCan('admin.manage');
  const [rows, setRows] = useState<Contact[]>(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api<{ version: number; unchanged: boolean }>('POST', '/contacts', { contacts: rows.map(clean) }),
    onSuccess: (r) => {
      setSaved(r.unchanged ? t('admin.unchanged') : t('admin.publishedDone', { version: r.version }));
      background(client.invalidateQueries({ queryKey: ['contacts'] }), 'refresh');
    },
  });
  return (
    <>
      <ErrorBanner error={save.error} />
      {saved ? <p className="ok-banner">{saved}</p> : null}
      {publishedAt ? (
        <p className="muted small">
          v{version} · {dateTime(publishedAt)}
        </p>
      ) : null}
      <table className="grid contacts-table" data-testid="contacts-table">
        <thead>
          <tr>
            {FIELDS.map((f) => (
              <th key={f}>{t(`admin.${f}`)}</th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {FIELDS.map((f) => (
                <td key={f}>
                  <input
                    aria-label={`${t(`admin.${f}`)} ${i + 1}`}
                    value={row[f] ?? ''}
                    disabled={!canManage}
                    onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, [f]: e.target.value } : r)))}
                  />
                </td>
              ))}
              <td>
                {canManage ? (
                  <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    {t('admin.removeRow')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <div className="form-actions">
          <button type="button" onClick={() => setRows([...rows, { role: '', team: '' }])}>
            {t('admin.addRow')}
          </button>
          <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate()}>
            {t('admin.save')}
          </button>
        </div>
      ) : null}
    </>
  );
}

interface Supplier {
  name: string;
  businessNumber: string;
  representative: string;
  address: string;
  businessType?: string;
  businessItem?: string;
}
const SUPPLIER_FIELDS: { key: keyof Supplier; label: string }[] = [
  { key: 'name', label: 'admin.supplierName' },
  { key: 'businessNumber', label: 'admin.supplierBizno' },
  { key: 'representative', label: 'admin.supplierRep' },
  { key: 'address', label: 'admin.supplierAddress' },
  { key: 'businessType', label: 'admin.supplierType' },
  { key: 'businessItem', label: 'admin.supplierItem' },
];

export function AdminSupplier() {
  const data = useQuery({ queryKey: ['supplier'], queryFn: () => api<{ version: number | null; publishedAt: string | null; supplier: Supplier | null }>('GET', '/supplier') });
  if (data.error) return <ErrorBanner error={data.error} />;
  if (!data.data) return null;
  return <SupplierEditor key={data.data.version ?? 0} initial={data.data.supplier ?? { name: '', businessNumber: '', representative: '', address: '' }} />;
}

function SupplierEditor({ initial }: { initial: Supplier }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManage = useCan('admin.manage');
  const [form, setForm] = useState<Supplier>(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api<{ version: number; unchanged: boolean }>('POST', '/supplier', { supplier: clean(form as unknown as Contact) }),
    onSuccess: (r) => {
      setSaved(r.unchanged ? t('admin.unchanged') : t('admin.publishedDone', { version: r.version }));
      background(client.invalidateQueries({ queryKey: ['supplier'] }), 'refresh');
    },
  });
  return (
    <fieldset>
      <legend>{t('admin.supplier')}</legend>
      <p className="field-hint">{t('admin.supplierHint')}</p>
      <ErrorBanner error={save.error} />
      {saved ? <p className="ok-banner">{saved}</p> : null}
      <div className="grid-2">
        {SUPPLIER_FIELDS.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`s-${f.key}`}>{t(f.label)}</label>
            <input id={`s-${f.key}`} value={form[f.key] ?? ''} disabled={!canManage} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          </div>
        ))}
      </div>
      {canManage ? (
        <div className="form-actions">
          <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate()}>
            {t('admin.save')}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
