import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { channel } from '../../../shared/contract/define';
import { createDispatcher } from '../../../shared/contract/dispatcher';
import { AppError } from '../../../shared/contract/errors';
import { contract } from '../../../shared/contract/contract';
import { noPersonalData } from '../../../shared/privacy/access';

const tiny = {
  'echo.upper': channel('query', z.strictObject({ text: z.string().min(1, { error: '글자를 입력하세요.' }) }), z.object({ text: z.string() }), noPersonalData),
  'echo.broken': channel('query', z.strictObject({}), z.object({ n: z.number() }), noPersonalData),
  'echo.fail': channel('write', z.strictObject({ kind: z.enum(['expected', 'bug']) }), z.object({}), noPersonalData),
};

function dispatcher(validateOutput: boolean, onUnexpectedError = vi.fn()) {
  return createDispatcher(
    tiny,
    {
      'echo.upper': ({ text }) => ({ text: text.toUpperCase() }),
      'echo.broken': () => ({ n: 'not a number' }) as never,
      'echo.fail': ({ kind }) => {
        if (kind === 'expected') throw new AppError('NOT_ALLOWED', '서명 전에는 제출할 수 없습니다.', { missing: ['#1'] });
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    },
    { validateOutput, context: () => ({}), onUnexpectedError },
  );
}

describe('contract dispatcher', () => {
  it('runs the handler on valid input and returns its result', async () => {
    expect(await dispatcher(true)('echo.upper', { text: 'abc' })).toEqual({ ok: true, value: { text: 'ABC' } });
  });

  it('refuses invalid input before the handler runs, with a Korean message and field issues', async () => {
    const result = await dispatcher(true)('echo.upper', { text: '', extra: 1 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^입력값을 확인하세요: /),
        key: 'err.invalidInputMore',
        params: { subject: '입력값', first: '글자를 입력하세요.', more: 1 },
        details: {
          issues: [
            { path: 'text', message: '글자를 입력하세요.' },
            { path: '', message: expect.stringContaining("알 수 없는 항목 'extra'"), key: 'zod.unrecognizedKeys', params: { keys: "'extra'", where: '입력' } },
          ],
        },
      },
    });
  });

  it('answers UNKNOWN_CHANNEL with an update hint for a channel it does not know', async () => {
    const result = await dispatcher(true)('echo.nope', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: expect.stringContaining('업데이트') } });
  });

  it('passes a typed AppError through with its code, message and details', async () => {
    expect(await dispatcher(true)('echo.fail', { kind: 'expected' })).toEqual({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: '서명 전에는 제출할 수 없습니다.', details: { missing: ['#1'] } },
    });
  });

  it('turns an unexpected error into INTERNAL with an incident number, never a stack trace', async () => {
    const seen = vi.fn();
    const result = await dispatcher(true, seen)('echo.fail', { kind: 'bug' });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain('TypeError');
    expect(text).not.toContain('at ');
    expect(text).not.toContain('reading');
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).toContain(String(result.error.details?.incidentId));
    }
    expect(seen).toHaveBeenCalledOnce();
    expect(seen.mock.calls[0]![0]).toBeInstanceOf(TypeError);
  });

  it('with output validation on, a handler that drifts from its output schema is caught', async () => {
    const result = await dispatcher(true)('echo.broken', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await dispatcher(false)('echo.broken', {})).toEqual({ ok: true, value: { n: 'not a number' } });
  });

  it('every channel of the app contract has an input and an output schema', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(spec.input, name).toBeInstanceOf(z.ZodType);
      expect(spec.output, name).toBeInstanceOf(z.ZodType);
      expect(['query', 'write'], name).toContain(spec.kind);
    }
  });
});

describe('contract dispatcher: the personal-data access log', () => {
  const personal = {
    'people.get': channel('query', z.strictObject({ id: z.string() }), z.object({ id: z.string(), phone: z.string() }), {
      action: 'view',
      subjects: (i: { id: string }) => [{ kind: 'customer' as const, id: i.id }],
    }),
    'people.export': channel('query', z.strictObject({ id: z.string(), reason: z.string().min(1) }), z.object({ id: z.string() }), {
      action: 'export',
      reasonField: 'reason',
      subjects: (_i: unknown, o: { id: string }) => [{ kind: 'customer' as const, id: o.id }],
    }),
  };
  const handlers = { 'people.get': ({ id }: { id: string }) => ({ id, phone: '010-1234-5678' }), 'people.export': ({ id }: { id: string }) => ({ id }) };

  it('reports each successful call with its action, whose data and the reason; a refused input reports nothing', async () => {
    const events: unknown[] = [];
    const d = createDispatcher(personal, handlers, { context: () => ({}), onPersonalAccess: (e) => events.push(e) });
    await d('people.get', { id: 'c1' });
    await d('people.export', { id: 'c2', reason: '고객 요청' });
    await d('people.export', { id: 'c3' });
    expect(events).toEqual([
      { channel: 'people.get', action: 'view', subjects: [{ kind: 'customer', id: 'c1' }], reason: null },
      { channel: 'people.export', action: 'export', subjects: [{ kind: 'customer', id: 'c2' }], reason: '고객 요청' },
    ]);
  });

  it('when the access log cannot be written, the caller gets an error and never the personal data', async () => {
    const d = createDispatcher(personal, handlers, {
      context: () => ({}),
      onPersonalAccess: () => {
        throw new Error('disk full');
      },
    });
    const result = await d('people.get', { id: 'c1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('010-1234-5678');
  });
});
