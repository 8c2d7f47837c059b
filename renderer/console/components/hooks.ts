import { useEffect, useState } from 'react';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** Reports a promise nobody awaits (a refresh, a navigation) instead of dropping its failure. */
export function background(work: unknown, what: string): void {
  Promise.resolve(work).catch((error: unknown) => {
    console.error(`[SalesDesk HQ] background work failed: ${what}`, error);
  });
}
