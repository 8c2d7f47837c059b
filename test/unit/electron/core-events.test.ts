import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoreEvents } from '../../../electron/core/events';
import { parseCoreEvent, splitEventStream } from '../../../shared/contract/events';

afterEach(() => {
  vi.useRealTimers();
});

describe('core events', () => {
  it('the first "changed" goes out at once; a burst within the window becomes one more at its end, then quiet', () => {
    vi.useFakeTimers();
    const events = new CoreEvents(100);
    const got: string[] = [];
    events.on((e) => got.push(e.type));
    events.changed();
    expect(got).toEqual(['changed']);
    for (let i = 0; i < 50; i++) events.changed();
    events.sync();
    expect(got).toEqual(['changed', 'sync']);
    vi.advanceTimersByTime(100);
    expect(got).toEqual(['changed', 'sync', 'changed']);
    vi.advanceTimersByTime(1_000);
    expect(got).toEqual(['changed', 'sync', 'changed']);
    events.changed();
    expect(got).toEqual(['changed', 'sync', 'changed', 'changed']);
  });

  it('a listener that throws does not stop the others, and an unsubscribed one hears nothing more', () => {
    const errors: unknown[] = [];
    const events = new CoreEvents(100, (e) => errors.push(e));
    const heard: string[] = [];
    events.on(() => {
      throw new Error('screen gone');
    });
    const stop = events.on((e) => heard.push(e.type));
    events.job({ type: 'job', jobId: 'j1', state: 'running', done: 1, total: 3 });
    expect(heard).toEqual(['job']);
    expect(errors).toHaveLength(1);
    stop();
    events.job({ type: 'job', jobId: 'j1', state: 'done', done: 3, total: 3 });
    expect(heard).toEqual(['job']);
    events.close();
  });

  it('the event stream is split into whole data lines however the chunks fall; comments and garbage are not events', () => {
    const text = ': hello\n\ndata: {"type":"changed"}\n\ndata: {"type":"job","jobId":"a","state":"done","done":2,"total":2}\n\ndata: {"type":"nope"}\n\ndata: {"type":"sy';
    let rest = '';
    const data: string[] = [];
    for (const chunk of text.match(/.{1,7}/gs)!) {
      const split = splitEventStream(rest + chunk);
      rest = split.rest;
      data.push(...split.data);
    }
    expect(data).toHaveLength(3);
    expect(rest).toBe('data: {"type":"sy');
    expect(data.map((d) => parseCoreEvent(JSON.parse(d))?.type ?? null)).toEqual(['changed', 'job', null]);
    expect(parseCoreEvent({ type: 'job', jobId: '', state: 'done', done: 1, total: 1 })).toBeNull();
    expect(parseCoreEvent('changed')).toBeNull();
  });
});
