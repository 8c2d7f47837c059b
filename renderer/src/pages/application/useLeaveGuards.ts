import { useEffect, type RefObject } from 'react';
import { useBlocker } from 'react-router';

/**
 * Unsaved work is not lost by accident: leaving for another screen is held (the page asks with the
 * blocker's dialog), closing the window warns, and Ctrl+S (⌘S) saves, as everywhere else a rep saves.
 */
export function useLeaveGuards({
  dirty,
  leaving,
  canSave,
  formRef,
}: {
  /** The form holds changes not saved (and no save is running). */
  dirty: boolean;
  /** Set when leaving loses nothing (the draft was just deleted). */
  leaving: RefObject<boolean>;
  /** Ctrl+S may submit now (not locked, no save running). */
  canSave: boolean;
  formRef: RefObject<HTMLFormElement | null>;
}) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      if (canSave) formRef.current?.requestSubmit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canSave, formRef]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  return blocker;
}
