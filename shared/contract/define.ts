import type { z } from 'zod';
import type { PersonalDeclaration } from '../privacy/access';

/** One channel of the contract: what goes in, what comes out, and how it touches personal data. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Writes change the store; the hosts may treat them differently (e.g. no retry). */
  kind: 'query' | 'write';
  /**
   * Whether the channel touches personal data and how (view / print / export / change / delete,
   * and whose): the dispatcher writes the access-log entry from this, after the handler succeeds.
   */
  personal: PersonalDeclaration<z.output<I>, z.output<O>>;
}

export type ContractShape = Record<string, ChannelSpec>;

export function channel<I extends z.ZodType, O extends z.ZodType>(kind: 'query' | 'write', input: I, output: O, personal: PersonalDeclaration<z.output<I>, z.output<O>>): ChannelSpec<I, O> {
  return { kind, input, output, personal };
}
