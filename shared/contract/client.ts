import type { ErrorCode, ErrorDetails, FieldIssue, WireError, WireResult } from './errors';
import type { Channel, ChannelInput, ChannelOutput, Invoke } from './contract';

/** What `invoke` rejects with: the core's typed error, with its Korean message. */
export class ContractError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(error: WireError) {
    super(error.message);
    this.name = 'ContractError';
    this.code = error.code;
    this.details = error.details;
  }
  get issues(): FieldIssue[] {
    return this.details?.issues ?? [];
  }
}

/** Any transport that carries (channel, input) to a dispatcher and brings back its WireResult. */
export type Transport = (channel: string, input: unknown) => Promise<WireResult>;

/** Builds the typed invoke on top of a transport (Electron preload, HTTP, or in-process). */
export function createInvoke(transport: Transport): Invoke {
  return async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = await transport(channel, input);
    if (!result.ok) throw new ContractError(result.error);
    return result.value as ChannelOutput<C>;
  };
}
