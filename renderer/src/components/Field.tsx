import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

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
      {isValidElement(children)
        ? cloneElement(children as ReactElement<Record<string, unknown>>, {
            'aria-invalid': error ? 'true' : undefined,
            'aria-describedby': error ? `${htmlFor}-error` : hint ? `${htmlFor}-hint` : undefined,
          })
        : children}
      {error ? (
        <p className="field-error" role="alert" id={`${htmlFor}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${htmlFor}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
