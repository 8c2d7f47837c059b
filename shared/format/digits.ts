/** Keeps only ASCII digits: users type numbers with hyphens, spaces or dots. */
export function digitsOnly(value: string): string {
  return value.replace(/[^0-9]/g, '');
}

/** The outcome of checking a Korean number the user typed. */
export interface CheckResult {
  valid: boolean;
  /** The conventional printed form, or null when the value is not valid. */
  formatted: string | null;
  /** Korean explanation of what is wrong, present only when not valid. */
  reason?: string;
}

export function invalid(reason: string): CheckResult {
  return { valid: false, formatted: null, reason };
}
