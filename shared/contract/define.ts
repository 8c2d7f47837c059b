import type { z } from 'zod';

/** One channel of the contract: what goes in, what comes out. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Writes change the store; the hosts may treat them differently (e.g. no retry). */
  kind: 'query' | 'write';
}

export type ContractShape = Record<string, ChannelSpec>;

export function channel<I extends z.ZodType, O extends z.ZodType>(
  kind: 'query' | 'write',
  input: I,
  output: O,
): ChannelSpec<I, O> {
  return { kind, input, output };
}
