/**
 * Work the screen does not wait for (refreshing cached queries, a navigation, a redraw). A
 * rejected promise nobody awaits is lost silently in a browser and ends a Node host, so every such
 * call goes through here: a failure is reported with what was being done, never dropped.
 */
export function background(work: unknown, what: string): void {
  Promise.resolve(work).catch((error: unknown) => {
    console.error(`[SalesDesk] background work failed: ${what}`, error);
    window.dispatchEvent(new CustomEvent('salesdesk:background-error', { detail: { what, message: error instanceof Error ? error.message : String(error) } }));
  });
}

/**
 * An event handler that runs async work: React ignores a handler's returned promise, so a
 * rejection would be lost. `onError` shows it to the rep (the screen's message area).
 */
export function handler<A extends unknown[]>(run: (...args: A) => Promise<unknown>, onError: (error: Error) => void): (...args: A) => void {
  return (...args: A) => {
    run(...args).catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  };
}
