import { v7 } from 'uuid';

/** Record ids are UUIDv7: unique across devices without coordination, and time-ordered. */
export function newId(): string {
  return v7();
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
