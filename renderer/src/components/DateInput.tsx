import { useState, type ComponentProps } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { isIsoDate } from '../../../shared/format/date';
import { date } from '../app/format';

type Props = Omit<ComponentProps<'input'>, 'type' | 'value' | 'onChange'> & { value: string; onValue: (value: string) => void };

/**
 * A date the rep enters (issue 11, item 3). Chromium's own date field shows mm/dd/yyyy whatever the
 * UI language, so the field shows the date in the UI language's format ("2026. 11. 22." /
 * "Nov 22, 2026") and the native field (with its picker) only while it is being edited. A locked
 * (disabled or read-only) field shows the formatted text only. The value is always YYYY-MM-DD.
 */
export function DateInput({ value, onValue, onFocus, onBlur, className, ...props }: Props) {
  const [editing, setEditing] = useState(false);
  const shown = value && isIsoDate(value) ? date(value) : '';
  return (
    <span className={`date-input${editing ? ' editing' : ''}`}>
      <input
        {...props}
        type="date"
        className={className}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        onFocus={(e) => {
          setEditing(true);
          onFocus?.(e);
        }}
        onBlur={(e) => {
          setEditing(false);
          onBlur?.(e);
        }}
      />
      {editing ? null : (
        <span className="date-shown" data-testid="date-shown" aria-hidden="true">
          {shown}
        </span>
      )}
    </span>
  );
}

/** The same, bound to a react-hook-form field. */
export function DateField<T extends FieldValues>({ control, name, ...props }: Omit<Props, 'value' | 'onValue' | 'name'> & { control: Control<T>; name: Path<T> }) {
  const {
    field: { ref, value, onChange, onBlur },
  } = useController({ control, name });
  return <DateInput {...props} ref={ref} name={name} value={typeof value === 'string' ? value : ''} onValue={onChange} onBlur={onBlur} />;
}
