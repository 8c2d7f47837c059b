import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/console/api';
import { SESSION_RULES } from '../../../shared/console/roles';
import { api } from '../api';
import { toggleLanguage } from '../i18n';
import { background } from '../components/hooks';

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: (info: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api<SessionInfo>('POST', '/login', { login, password })
      .then(onSignedIn)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="login-wrap">
      <form className="login-card" onSubmit={submit} aria-label={t('login.title')}>
        <h1>{t('login.title')}</h1>
        {notice && !error ? <p className="note-banner">{notice}</p> : null}
        {error ? (
          <p className="error-banner" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="login">{t('login.login')}</label>
          <input id="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <p className="field-hint">{t('login.hint')}</p>
        <button type="button" className="link-button" onClick={() => background(toggleLanguage(), 'language')}>
          {t('app.language')}
        </button>
      </form>
    </div>
  );
}

export function ChangePasswordPage({ onChanged, onSignOut }: { onChanged: () => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (next !== again) {
      setError(t('login.mismatch'));
      return;
    }
    setError(null);
    api('POST', '/password', { current, next })
      .then(onChanged)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <div className="login-wrap">
      <form className="login-card" onSubmit={submit} aria-label={t('login.changeTitle')}>
        <h1>{t('login.changeTitle')}</h1>
        <p className="field-hint">{t('login.changeHint', { min: SESSION_RULES.passwordMinLength })}</p>
        {error ? (
          <p className="error-banner" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="current">{t('login.current')}</label>
          <input id="current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="next">{t('login.next')}</label>
          <input id="next" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="again">{t('login.confirm')}</label>
          <input id="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </div>
        <button type="submit" className="primary">
          {t('login.changeSubmit')}
        </button>
        <button type="button" className="link-button" onClick={onSignOut}>
          {t('app.signOut')}
        </button>
      </form>
    </div>
  );
}
