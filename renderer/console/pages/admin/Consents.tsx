import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CONSENT_CONSOLE_PATHS, CONSENT_PURPOSES, type ConsentTextVersion } from '../../../../shared/privacy/consent';
import { formatBusinessNumber } from '../../../../shared/format/bizno';
import { api } from '../../api';
import { DataTable, ErrorBanner } from '../../components/Table';
import { background } from '../../components/hooks';
import { date, dateTime } from '../../format';
import { useCan } from '../../session';

interface ConsentTexts {
  versions: ConsentTextVersion[];
  inForce: number;
}
interface Withdrawn {
  items: { customerId: string; customerName: string | null; businessNumber: string | null; withdrawnAt: string; applicationId: string }[];
}

const TEXTS_KEY = ['consent-texts'];

/**
 * 관리 → 동의서 (issue 17): the consent text versions (which one new forms print today), one shown
 * whole, publishing a new version (after a confirm saying what it changes), and the customers who
 * withdrew their marketing consent (`privacy.read`: the list names them).
 */
export function AdminConsents() {
  const { t } = useTranslation();
  const canManage = useCan('admin.manage');
  const canSeeWithdrawn = useCan('privacy.read');
  const texts = useQuery({ queryKey: TEXTS_KEY, queryFn: () => api<ConsentTexts>('GET', CONSENT_CONSOLE_PATHS.texts) });
  const [shown, setShown] = useState<number | null>(null);
  const versions = texts.data?.versions ?? [];
  const inForce = texts.data?.inForce;
  const version = versions.find((v) => v.version === (shown ?? inForce));
  return (
    <>
      <ErrorBanner error={texts.error} />
      <p className="muted small">{t('consents.hint')}</p>
      <h3>{t('consents.versions')}</h3>
      {texts.data ? (
        <DataTable
          testId="consent-versions"
          rows={[...versions].reverse()}
          rowKey={(v) => String(v.version)}
          columns={[
            {
              key: 'version',
              label: t('col.version'),
              render: (v) => (
                <>
                  v{v.version}{' '}
                  {v.version === inForce ? (
                    <span className="badge" data-testid="consent-in-force">
                      {t('consents.inForce')}
                    </span>
                  ) : null}
                </>
              ),
            },
            { key: 'from', label: t('consents.effectiveFrom'), render: (v) => date(v.effectiveFrom) },
            { key: 'published', label: t('consents.publishedAt'), render: (v) => (v.publishedAt ? dateTime(v.publishedAt) : t('consents.builtIn')) },
            {
              key: 'purposes',
              label: t('consents.purposes'),
              className: 'small',
              render: (v) =>
                CONSENT_PURPOSES.filter((p) => v.texts[p])
                  .map((p) => t(`consents.purpose.${p}`))
                  .join(', '),
            },
            {
              key: 'show',
              label: '',
              render: (v) => (
                <button type="button" className="link-button" aria-pressed={version?.version === v.version} onClick={() => setShown(v.version)}>
                  {t('consents.show', { version: v.version })}
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {version ? <ConsentTextView version={version} /> : null}
      {canManage && texts.data ? <PublishConsentTexts latest={versions.at(-1)} /> : null}
      {canSeeWithdrawn ? <WithdrawnConsents /> : null}
    </>
  );
}

/** One version's texts, purpose by purpose, as forms print them. */
function ConsentTextView({ version }: { version: ConsentTextVersion }) {
  const { t } = useTranslation();
  return (
    <fieldset data-testid="consent-text">
      <legend>{t('consents.textOf', { version: version.version, from: date(version.effectiveFrom) })}</legend>
      {CONSENT_PURPOSES.map((p) => {
        const text = version.texts[p];
        if (!text) return null;
        return (
          <article key={p} data-testid={`consent-text-${p}`} data-form-text>
            <h4>
              {t(`consents.purpose.${p}`)} — {text.title}
            </h4>
            <p className="pre-wrap">{text.intro}</p>
            {text.lines.map((l, i) => (
              <p key={i} className="pre-wrap" style={{ marginLeft: `${l.level * 1.5}em` }}>
                {l.text}
              </p>
            ))}
            <p className="pre-wrap">{text.closing}</p>
          </article>
        );
      })}
    </fieldset>
  );
}

/**
 * A new version: its KST start day and its texts (JSON, as `cli hq publish-consent-texts` takes
 * them), filled in from the latest version to edit. HQ checks them; a confirm says what happens.
 */
function PublishConsentTexts({ latest }: { latest: ConsentTextVersion | undefined }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [json, setJson] = useState(() => (latest ? JSON.stringify(latest.texts, null, 2) : ''));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: (body: { effectiveFrom: string; texts: unknown }) => api<{ version: number; unchanged: boolean }>('POST', CONSENT_CONSOLE_PATHS.texts, body),
    onSuccess: (r) => {
      setDone(r.unchanged ? t('consents.unchanged', { version: r.version }) : t('consents.publishedDone', { version: r.version }));
      background(client.invalidateQueries({ queryKey: TEXTS_KEY }), 'refresh consent texts');
    },
  });
  const submit = () => {
    setDone(null);
    publish.reset();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) {
      setProblem(t('consents.needDate'));
      return;
    }
    let texts: unknown;
    try {
      texts = JSON.parse(json);
    } catch (e) {
      setProblem(t('consents.badJson', { error: (e as Error).message }));
      return;
    }
    setProblem(null);
    if (window.confirm(t('consents.publishConfirm', { version: (latest?.version ?? 1) + 1, from: date(effectiveFrom) }))) publish.mutate({ effectiveFrom, texts });
  };
  return (
    <fieldset data-testid="consent-publish">
      <legend>{t('consents.publish')}</legend>
      <p className="muted small">{t('consents.publishHint')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="consent-from">{t('consents.effectiveFrom')}</label>
          <input id="consent-from" type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="consent-json">{t('consents.textsJson')}</label>
        <textarea id="consent-json" className="mono small" rows={16} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} />
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={publish.isPending} onClick={submit}>
          {t('consents.publishButton')}
        </button>
      </div>
      {problem ? (
        <p className="error-banner" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorBanner error={publish.error} />
      {done ? (
        <p className="ok-banner" role="status" data-testid="consent-published">
          {done}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Customers whose marketing consent is withdrawn now: no prospect list may use them. */
function WithdrawnConsents() {
  const { t } = useTranslation();
  const withdrawn = useQuery({ queryKey: ['consents-withdrawn'], queryFn: () => api<Withdrawn>('GET', CONSENT_CONSOLE_PATHS.withdrawn) });
  return (
    <>
      <h3>{t('consents.withdrawn')}</h3>
      <p className="muted small">{t('consents.withdrawnHint')}</p>
      <ErrorBanner error={withdrawn.error} />
      {withdrawn.data ? (
        <DataTable
          testId="consent-withdrawn"
          rows={withdrawn.data.items}
          rowKey={(w) => w.customerId}
          columns={[
            { key: 'name', label: t('consents.customer'), render: (w) => <span data-personal>{w.customerName ?? '—'}</span> },
            { key: 'bn', label: t('consents.businessNumber'), className: 'mono', render: (w) => (w.businessNumber ? formatBusinessNumber(w.businessNumber) : '—') },
            { key: 'at', label: t('consents.withdrawnAt'), render: (w) => dateTime(w.withdrawnAt) },
          ]}
        />
      ) : null}
    </>
  );
}
