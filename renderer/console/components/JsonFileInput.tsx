import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { ErrorBanner } from './Table';

/**
 * A file picker for a JSON document HQ publishes (price table, commission plan, service targets):
 * reads the chosen file as text and hands it on; a file that cannot be read is reported. The page
 * parses and checks it (with the shared schema, on the server) when the operator publishes.
 */
export function JsonFileInput({
  label,
  onPicked,
  onText,
  onError,
}: {
  label: string;
  /** A new choice starts over: clear earlier results. */
  onPicked: () => void;
  onText: (text: string) => void;
  onError: (message: string) => void;
}) {
  return (
    <input
      type="file"
      accept="application/json,.json"
      aria-label={label}
      onChange={(e) => {
        const file = e.target.files?.[0];
        onPicked();
        if (!file) return;
        file
          .text()
          .then(onText)
          .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
      }}
    />
  );
}

/**
 * Publishing a JSON document from a file in one step (commission plan, service targets): pick,
 * then the button parses it (a file that is not JSON says so) and `publish` sends it; the result
 * reads "게시했습니다 (버전 N)" or "same as published". The server checks it with the shared schema.
 */
export function JsonFilePublish({
  label,
  buttonLabel,
  publish,
  onPublished,
}: {
  label: string;
  buttonLabel: string;
  publish: (value: unknown) => Promise<{ version: number; unchanged: boolean }>;
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => {
      let value: unknown;
      try {
        value = JSON.parse(text ?? '');
      } catch (e) {
        throw new Error(t('common.notJson', { message: (e as Error).message }));
      }
      return publish(value);
    },
    onSuccess: (r) => {
      setResult(r.unchanged ? t('admin.unchanged') : t('admin.publishedDone', { version: r.version }));
      onPublished();
    },
  });
  return (
    <>
      <ErrorBanner error={mutation.error} />
      {fileError ? <p className="error-banner">{fileError}</p> : null}
      {result ? <p className="ok-banner">{result}</p> : null}
      <div className="filters">
        <JsonFileInput
          label={label}
          onPicked={() => {
            setResult(null);
            mutation.reset();
          }}
          onText={(s) => {
            setText(s);
            setFileError(null);
          }}
          onError={setFileError}
        />
        <button type="button" disabled={text === null || mutation.isPending} onClick={() => mutation.mutate()}>
          {buttonLabel}
        </button>
      </div>
    </>
  );
}
