import type { z } from 'zod';
import type { ContractShape } from './define';
import { AppError, invalidInput, koreanErrorMap, type WireResult } from './errors';
import { errorMsg } from '../i18n/error-messages';
import { touchesPersonalData, type PersonalAction, type Subject } from '../privacy/access';

/** One access to personal data, as the dispatcher reports it to the host's access log. */
export interface PersonalAccessEvent {
  channel: string;
  action: PersonalAction;
  subjects: Subject[];
  reason: string | null;
}

/** The handler for one channel receives parsed input and returns the channel's output. */
export type HandlerMap<C extends ContractShape, Ctx> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, ctx: Ctx) => Promise<z.input<C[K]['output']>> | z.input<C[K]['output']>;
};

export interface DispatcherOptions<Ctx> {
  /** Parse every result against the output schema (on in tests: a handler that drifts fails). */
  validateOutput?: boolean;
  /** Sees unexpected errors (with their stacks) so a host can log them; the caller never does. */
  onUnexpectedError?: (error: unknown, channel: string, incidentId: string) => void;
  context: () => Ctx;
  /**
   * Writes the access-log entry for a call that touched personal data (the channel's `personal`
   * declaration found its subjects). Called after the handler succeeded, before the answer goes
   * out: if it throws, the caller gets an error, never data that was not logged.
   */
  onPersonalAccess?: (event: PersonalAccessEvent, ctx: Ctx) => void;
}

export type Dispatch = (channel: string, input: unknown) => Promise<WireResult>;

let incidents = 0;
function incidentId(): string {
  incidents += 1;
  return `${Date.now().toString(36)}-${incidents}`.toUpperCase();
}

/**
 * The single way into the core: look the channel up, validate the input, run the handler,
 * optionally validate the output, and answer a result or a typed error — never a stack trace.
 */
export function createDispatcher<C extends ContractShape, Ctx>(contract: C, handlers: HandlerMap<C, Ctx>, options: DispatcherOptions<Ctx>): Dispatch {
  return async (channel, rawInput) => {
    if (!Object.prototype.hasOwnProperty.call(contract, channel)) {
      return { ok: false, error: new AppError('UNKNOWN_CHANNEL', errorMsg('err.unknownChannel', { channel })).toWire() };
    }
    const spec = contract[channel]!;
    const parsed = spec.input.safeParse(rawInput, { error: koreanErrorMap });
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error).toWire() };
    try {
      const handler = handlers[channel as keyof C];
      const ctx = options.context();
      let value: unknown = await handler(parsed.data as never, ctx);
      if (options.validateOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          throw new Error(`output of ${channel} does not match its schema: ${out.error.message}`);
        }
        value = out.data;
      }
      if (options.onPersonalAccess && touchesPersonalData(spec.personal)) {
        const subjects = spec.personal.subjects(parsed.data, value);
        if (subjects.length > 0) {
          const field = spec.personal.reasonField;
          const given: unknown = field === undefined ? undefined : (parsed.data as Record<string, unknown>)[field];
          options.onPersonalAccess({ channel, action: spec.personal.action, subjects, reason: typeof given === 'string' ? given : null }, ctx);
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toWire() };
      const id = incidentId();
      options.onUnexpectedError?.(error, channel, id);
      return { ok: false, error: new AppError('INTERNAL', errorMsg('err.internal', { incident: id }), { incidentId: id }).toWire() };
    }
  };
}
