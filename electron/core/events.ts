/**
 * The core's event hub (see shared/contract/events.ts). `changed` and `sync` are throttled: the
 * first is sent at once; more within `coalesceMs` (pulled page after pulled page, a burst of
 * writes) become one more at the end of that time, so a screen refreshes promptly but not per row. Job events are sent as they come (a job
 * reports a handful of steps). A listener that throws is dropped from that event only: nothing a
 * screen does may break the core's writes.
 */
import type { CoreEvent } from '../../shared/contract/events';

export type CoreEventListener = (event: CoreEvent) => void;

export class CoreEvents {
  private readonly listeners = new Set<CoreEventListener>();
  private readonly due = new Map<'changed' | 'sync', ReturnType<typeof setTimeout>>();
  private readonly dirty = new Set<'changed' | 'sync'>();

  constructor(
    private readonly coalesceMs = 100,
    private readonly log?: (entry: { level: 'error'; msg: string; [k: string]: unknown }) => void,
  ) {}

  /** Adds a listener; call the returned function to remove it. */
  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Something the screens show may have changed (coalesced). */
  changed(): void {
    this.soon('changed');
  }

  /** The sync state changed (coalesced). */
  sync(): void {
    this.soon('sync');
  }

  job(event: Extract<CoreEvent, { type: 'job' }>): void {
    this.emit(event);
  }

  /** Stops pending coalesced events (the core is closing). */
  close(): void {
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
    this.dirty.clear();
    this.listeners.clear();
  }

  private soon(type: 'changed' | 'sync'): void {
    if (this.listeners.size === 0) return;
    if (this.due.has(type)) {
      this.dirty.add(type);
      return;
    }
    this.emit({ type });
    this.window(type);
  }

  /** Holds further events of this type for `coalesceMs`; one more is sent after it if any came. */
  private window(type: 'changed' | 'sync'): void {
    const timer = setTimeout(() => {
      this.due.delete(type);
      if (this.dirty.delete(type)) {
        this.emit({ type });
        this.window(type);
      }
    }, this.coalesceMs);
    timer.unref();
    this.due.set(type, timer);
  }

  private emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log?.({ level: 'error', msg: 'a core event listener failed', type: event.type, error: error instanceof Error ? error.stack : String(error) });
      }
    }
  }
}
