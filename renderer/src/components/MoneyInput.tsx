import { moneyUnit } from '../app/format';
import { useLayoutEffect, useRef, type ComponentProps, type Ref } from 'react';

/**
 * Whole 원 as typed: digits only, grouped by thousands ("1,234,567"), with the caret kept after
 * the same digit it followed (typing or deleting in the middle does not throw it to the end).
 */
function groupDigits(text: string, caret: number): { text: string; caret: number; value: number | null } {
  // Anything but digits and separators ("12000000.5", "만원") is left as typed, for the field's own
  // check to name; it is never silently turned into another amount.
  if (/[^\d,\s]/.test(text)) return { text, caret, value: Number.NaN };
  const digitsBefore = text
    .slice(0, caret)
    .replace(/\D/g, '')
    .replace(/^0+(?=\d)/, '').length;
  const digits = text.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  if (digits === '') return { text: '', caret: 0, value: null };
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let seen = 0;
  let at = 0;
  while (at < grouped.length && seen < digitsBefore) {
    if (grouped[at] !== ',') seen += 1;
    at += 1;
  }
  return { text: grouped, caret: at, value: Number(digits) };
}

/** Groups the input's text in place as the rep types, keeping the caret on its digit. */
function regroup(input: HTMLInputElement): number | null {
  const next = groupDigits(input.value, input.selectionStart ?? input.value.length);
  if (next.text !== input.value) {
    input.value = next.text;
    input.setSelectionRange(next.caret, next.caret);
  }
  return next.value;
}

type InputProps = Omit<ComponentProps<'input'>, 'value' | 'onChange' | 'type'>;

/** A money field bound to an integer 원 (null when empty): shows "1,234,567 원" while typing. */
export function MoneyInput({ value, onValue, unit = moneyUnit(), ...props }: InputProps & { value: number | null; onValue: (value: number | null) => void; unit?: string }) {
  const ref = useRef<HTMLInputElement>(null);
  // NaN: what the rep typed is not a whole amount; the text stays as typed (the quote says why).
  const text = value === null ? '' : Number.isFinite(value) ? groupDigits(String(value), 0).text : null;
  // A value set from elsewhere (a reset, another row, a product change) shows grouped; while the
  // rep types, the text already equals it and the caret stays where it is.
  useLayoutEffect(() => {
    const input = ref.current;
    if (input && text !== null && input.value !== text) input.value = text;
  }, [text]);
  return (
    <span className="money-input">
      <input ref={ref} type="text" inputMode="numeric" autoComplete="off" defaultValue={text ?? ''} onChange={(e) => onValue(regroup(e.currentTarget))} {...props} />
      <span className="unit" aria-hidden="true">
        {unit}
      </span>
    </span>
  );
}

/**
 * The same grouping for a field registered with react-hook-form (its value stays text, e.g.
 * "260,000"): the text is regrouped before the form reads it.
 */
export function MoneyTextInput({ ref, onChange, unit = moneyUnit(), ...props }: ComponentProps<'input'> & { ref?: Ref<HTMLInputElement>; unit?: string }) {
  return (
    <span className="money-input">
      <input
        ref={ref}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        {...props}
        onChange={(e) => {
          regroup(e.currentTarget);
          onChange?.(e);
        }}
      />
      <span className="unit" aria-hidden="true">
        {unit}
      </span>
    </span>
  );
}
