import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminAccounts } from './admin/Accounts';
import { AdminBranches, AdminDevices } from './admin/Devices';
import { AdminCodes } from './admin/Codes';
import { AdminCatalogs } from './admin/Catalogs';
import { AdminContacts, AdminSupplier } from './admin/Contacts';
import { AdminConsents } from './admin/Consents';

const TABS = ['branches', 'devices', 'codes', 'catalogs', 'contacts', 'supplier', 'consents', 'accounts'] as const;
type Tab = (typeof TABS)[number];

/** 관리: branches and reps, devices, enrollment codes, price tables, contacts, supplier, consent texts, accounts. */
export function AdminPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('devices');
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('nav.admin')}</h1>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'tab active link-button' : 'tab link-button'} onClick={() => setTab(x)}>
            {t(`admin.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'branches' ? <AdminBranches /> : null}
      {tab === 'devices' ? <AdminDevices /> : null}
      {tab === 'codes' ? <AdminCodes /> : null}
      {tab === 'catalogs' ? <AdminCatalogs /> : null}
      {tab === 'contacts' ? <AdminContacts /> : null}
      {tab === 'supplier' ? <AdminSupplier /> : null}
      {tab === 'consents' ? <AdminConsents /> : null}
      {tab === 'accounts' ? <AdminAccounts /> : null}
    </section>
  );
}
