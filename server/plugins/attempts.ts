import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http';

/**
 * Failed credential attempts per client address (@fastify/rate-limit's store, registered once
 * in buildApp): enrollment codes now, console logins later. Only failures count, so a branch
 * enrolling thirty laptops at once is never held up, while guessing codes stops after `max`
 * misses in `windowMs`; while blocked even a right code waits (a guesser learns nothing).
 */
export interface AttemptLimit {
  max: number;
  windowMs: number;
}

export interface AttemptLimiter {
  /** Refuses (429 RATE_LIMITED, Retry-After) while this client is over its failures. */
  check(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts one failure of this client. */
  failed(req: FastifyRequest): Promise<void>;
}

export function attemptLimiter(app: FastifyInstance, limit: AttemptLimit, what: string, hint: string): AttemptLimiter {
  const limiter = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs });
  return {
    async check(req, reply) {
      const state = await limiter(req, { increment: false });
      if (state.isAllowed || state.remaining > 0) return;
      const seconds = Math.max(1, state.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      req.log.warn({ ip: req.ip, what }, 'attempts blocked');
      throw new HttpError('RATE_LIMITED', `${what}에 너무 여러 번 실패했습니다. ${seconds}초 뒤에 다시 시도하세요. ${hint}`, { retryAfterSeconds: seconds });
    },
    async failed(req) {
      await limiter(req);
    },
  };
}
