import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  htmlFor: string;
  error?: string | undefined;
  hint?: string | undefined;
  optional?: string | undefined;
  children: ReactNode;
  wide?: boolean;
}

/** A labelled input with its validation message right under it. */
export function Field({ label, htmlFor, error, hint, optional, children, wide }: FieldProps) {
  return (
    <div className={`field${error ? ' has-error' : ''}${wide ? ' wide' : ''}`}>
      <label htmlFor={htmlFor}>
        {label}
        {optional ? <span className="optional"> ({optional})</span> : null}
      </label>
      {children}
      {error ? (
        <p className="field-error" role="alert" id={`${htmlFor}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint">{hint}</p>
      ) : null}
    </div>
  );
}
