/**
 * Core → screen events: the core says when something the screens show may have changed, so they
 * refresh then instead of polling. One shape for every host — Electron (IPC from the core's
 * utility process through the main process to the preload), the web host (a streamed
 * `GET /api/events`, one JSON event per `data:` line) and in-process (CLI, tests: `core.onEvent`).
 *
 * Events carry no records and no personal data: a screen that cares asks again through `invoke`
 * (which validates, and writes the access log where it must).
 */
import { z } from 'zod';

const coreEventSchema = z.discriminatedUnion('type', [
  /** The store committed (a local write, a pulled page, a restore): what the screens show may be stale. */
  z.strictObject({ type: z.literal('changed') }),
  /** The sync state changed: a sync started, made progress or ended, or the next attempt was planned. */
  z.strictObject({ type: z.literal('sync') }),
  /** A long job (a packet of forms) moved on, finished or failed. */
  z.strictObject({
    type: z.literal('job'),
    jobId: z.string().min(1).max(64),
    state: z.enum(['running', 'done', 'failed']),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
]);
export type CoreEvent = z.infer<typeof coreEventSchema>;

/** Reads one event from the wire; anything else (an older or newer core, garbage) is null, never thrown. */
export function parseCoreEvent(value: unknown): CoreEvent | null {
  const parsed = coreEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The web host's event stream: one event per `data:` line, a comment line as a heartbeat. */
export const EVENT_STREAM_HEARTBEAT_MS = 15_000;

/**
 * Splits a text/event-stream body as it arrives into the JSON of its `data:` lines; `rest` is the
 * unfinished tail to prepend to the next chunk.
 */
export function splitEventStream(buffer: string): { data: string[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const data: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((line) => line.startsWith('data:'));
    if (lines.length > 0) data.push(lines.map((line) => line.slice(5).trimStart()).join('\n'));
  }
  return { data, rest };
}
