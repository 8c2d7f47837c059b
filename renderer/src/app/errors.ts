import i18n from 'i18next';
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import { koreanErrorMap, localizeWireError, type WireError } from '../../../shared/contract/errors';
import { localizeText, type ErrorLanguage } from '../../../shared/i18n/error-messages';

/** The UI language, as the error messages know it. */
const errorLanguage = (): ErrorLanguage => (i18n.language === 'en' ? 'en' : 'ko');

/** A wire error as the screen shows it: in the UI language where it carries a key, else its Korean. */
export function localizedError(error: WireError): WireError {
  return localizeWireError(error, errorLanguage());
}

/** Every `message` in react-hook-form's nested field errors, in the UI language. */
function localizeFieldErrors(errors: unknown, language: ErrorLanguage): unknown {
  if (Array.isArray(errors)) return errors.map((e) => localizeFieldErrors(e, language));
  if (typeof errors !== 'object' || errors === null) return errors;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(errors)) {
    // `ref` is the input element: passed through untouched.
    out[k] = k === 'message' && typeof v === 'string' ? localizeText(v, language) : k === 'ref' ? v : localizeFieldErrors(v, language);
  }
  return out;
}

/**
 * The zod resolver every form uses: the schema's own messages (Korean, keyed in
 * shared/i18n/error-messages.ts), shown in the UI language; a message without a key stays Korean.
 */
export function zodFormResolver<V extends FieldValues>(schema: unknown): Resolver<V> {
  const base = zodResolver(schema as never, { error: koreanErrorMap } as never, { raw: true }) as unknown as Resolver<V>;
  return async (values, context, options) => {
    const result = await base(values, context, options);
    const language = errorLanguage();
    if (language === 'ko' || Object.keys(result.errors).length === 0) return result;
    return { values: {}, errors: localizeFieldErrors(result.errors, language) as typeof result.errors };
  };
}
