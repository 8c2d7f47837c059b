import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CONSOLE_ROLES } from '../../../../shared/console/roles';
import { api } from '../../api';
import { DataTable, ErrorBanner } from '../../components/Table';
import { background } from '../../components/hooks';
import { dateTime, roleLabel } from '../../format';

interface Account {
  id: number;
  login: string;
  name: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
}

export function AdminAccounts() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['accounts'], queryFn: () => api<Account[]>('GET', '/accounts') });
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('order_desk');
  const [otp, setOtp] = useState<{ login: string; password: string } | null>(null);
  const refresh = () => background(client.invalidateQueries({ queryKey: ['accounts'] }), 'refresh');
  const create = useMutation({
    mutationFn: () => api<{ login: string; password: string }>('POST', '/accounts', { login, name, role }),
    onSuccess: (r) => {
      setOtp(r);
      setLogin('');
      setName('');
      refresh();
    },
  });
  const reset = useMutation({
    mutationFn: (id: number) => api<{ login: string; password: string }>('POST', `/accounts/${id}/reset-password`),
    onSuccess: (r) => {
      setOtp(r);
      refresh();
    },
  });
  const update = useMutation({
    mutationFn: (p: { id: number; role?: string; disabled?: boolean }) =>
      api('PATCH', `/accounts/${p.id}`, { ...(p.role ? { role: p.role } : {}), ...(p.disabled !== undefined ? { disabled: p.disabled } : {}) }),
    onSuccess: refresh,
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label={t('admin.createAccount')}>
        <div className="field">
          <label htmlFor="a-login">{t('admin.login')}</label>
          <input id="a-login" value={login} onChange={(e) => setLogin(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="a-name">{t('admin.name')}</label>
          <input id="a-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="a-role">{t('app.role')}</label>
          <select id="a-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {CONSOLE_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('admin.createAccount')}
        </button>
      </form>
      <ErrorBanner error={create.error ?? reset.error ?? update.error ?? list.error} />
      {otp ? (
        <div className="code-box" data-testid="one-time-password">
          <div>
            <div className="muted">{t('admin.oneTimePassword')}</div>
            <div className="otp">{otp.password}</div>
            <p className="field-hint">{t('admin.otpHint', { login: otp.login })}</p>
          </div>
        </div>
      ) : null}
      {list.data ? (
        <DataTable
          testId="accounts-table"
          rows={list.data}
          rowKey={(a) => String(a.id)}
          columns={[
            { key: 'login', label: t('admin.login'), className: 'mono', render: (a) => a.login },
            { key: 'name', label: t('admin.name'), render: (a) => a.name },
            {
              key: 'role',
              label: t('app.role'),
              render: (a) => (
                <select aria-label={`${a.login} ${t('app.role')}`} value={a.role} onChange={(e) => update.mutate({ id: a.id, role: e.target.value })}>
                  {CONSOLE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              ),
            },
            { key: 'last', label: t('admin.lastLogin'), render: (a) => dateTime(a.lastLoginAt) },
            {
              key: 'act',
              label: t('col.actions'),
              className: 'actions',
              render: (a) => (
                <>
                  {a.disabled ? <span className="badge status-rejected">{t('admin.disabled')}</span> : null}
                  <button type="button" onClick={() => reset.mutate(a.id)}>
                    {t('admin.resetPassword')}
                  </button>
                  <button type="button" onClick={() => update.mutate({ id: a.id, disabled: !a.disabled })}>
                    {a.disabled ? t('admin.enable') : t('admin.disable')}
                  </button>
                </>
              ),
            },
          ]}
        />
      ) : null}
    </>
  );
}
