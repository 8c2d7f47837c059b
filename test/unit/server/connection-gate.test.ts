import { describe, expect, it } from 'vitest';
import { ConnectionGate, PULL_MAX_WAIT_MS } from '../../../server/db/pool';

/** A gate on a clock the test moves, and the order in which callers got their connection. */
function gate(size: number) {
  let now = 0;
  const served: string[] = [];
  const g = new ConnectionGate(size, () => now);
  return {
    g,
    served,
    ask: (name: string, background: boolean) => g.acquire(background, () => served.push(name)),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the PostgreSQL connection gate (pushes before pulls)', () => {
  it('hands out free connections at once, in order of asking, whatever the priority', () => {
    const t = gate(2);
    t.ask('pull', true);
    t.ask('push', false);
    expect(t.served).toEqual(['pull', 'push']);
    expect(t.g.waiting).toEqual({ first: 0, later: 0 });
  });

  it('a freed connection goes to a waiting push before any pull that asked earlier; pulls then go first come, first served', () => {
    const t = gate(1);
    t.ask('busy', false);
    t.ask('pull 1', true);
    t.ask('pull 2', true);
    t.ask('push 1', false);
    t.ask('push 2', false);
    for (let i = 0; i < 4; i++) t.g.release();
    expect(t.served).toEqual(['busy', 'push 1', 'push 2', 'pull 1', 'pull 2']);
    t.g.release();
    // The connection is free again: the next caller gets it at once.
    t.ask('push 3', false);
    expect(t.served.at(-1)).toBe('push 3');
  });

  it(`a pull that has waited ${PULL_MAX_WAIT_MS} ms is not starved by an endless stream of pushes: pulls and pushes then take turns`, () => {
    const t = gate(1);
    t.ask('busy', false);
    t.ask('pull 1', true);
    t.ask('pull 2', true);
    let pushes = 0;
    const morePushes = () => {
      for (let i = 0; i < 3; i++) t.ask(`push ${++pushes}`, false);
    };
    morePushes();
    t.g.release();
    expect(t.served.at(-1)).toBe('push 1');
    t.advance(PULL_MAX_WAIT_MS);
    morePushes();
    for (let i = 0; i < 4; i++) t.g.release();
    expect(t.served.slice(2)).toEqual(['pull 1', 'push 2', 'pull 2', 'push 3']);
    // No pull waits any more: pushes have the connections again.
    t.g.release();
    expect(t.served.at(-1)).toBe('push 4');
  });
});
