import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, upgradeMessage, type ErrorResponse } from '../../shared/sync/protocol';
import { HttpError } from '../http';

/**
 * The checks a request passes before its scope's credential check and its handler: the
 * protocol version (nothing is read or applied for a client of another version), then the
 * declared body size. Each scope adds them as its own onRequest hooks, so they follow the
 * route a request matched — never a test on the URL's spelling.
 */

/** Bodies over the limit but under this are read and dropped before the 413 (see sizeGate). */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

function drain(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on('end', resolve).on('close', resolve).on('error', resolve);
    stream.resume();
  });
}

export function tooLarge(limit: number | undefined): HttpError {
  const size = limit === undefined ? '' : limit < 1024 * 1024 ? ` (최대 ${Math.round(limit / 1024)}KB)` : ` (최대 ${Math.round((limit / 1024 / 1024) * 10) / 10}MB)`;
  return new HttpError('TOO_LARGE', `보낸 데이터가 너무 큽니다${size}. 더 작게 나누어 보내세요. 아무것도 적용되지 않았습니다.`, limit === undefined ? undefined : { limitBytes: limit });
}

export function send(reply: FastifyReply, error: HttpError): FastifyReply {
  const body: ErrorResponse = { error: error.toWire() };
  return reply.code(error.status).type('application/json; charset=utf-8').send(body);
}

/**
 * The protocol version header: required on device routes; on admin routes checked when sent
 * (the admin CLI sends it; a person with curl need not).
 */
export function protocolGate(required: boolean): onRequestAsyncHookHandler {
  return async function protocolGateHook(req: FastifyRequest, reply: FastifyReply) {
    const raw = req.headers[PROTOCOL_HEADER];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (!required && header === undefined) return undefined;
    const version = header !== undefined && /^\d{1,6}$/.test(header) ? Number(header) : undefined;
    if (version !== PROTOCOL_VERSION) {
      return send(reply, new HttpError('UPGRADE_REQUIRED', upgradeMessage(version), { serverProtocol: PROTOCOL_VERSION, clientProtocol: version ?? null }));
    }
  };
}

/**
 * An oversized body is refused before it is parsed; reading it to the end first (up to a
 * bound) lets the client see the 413 instead of a connection cut mid-upload.
 */
export const sizeGate: onRequestAsyncHookHandler = async function sizeGateHook(req, reply) {
  const declared = Number(req.headers['content-length'] ?? 0);
  const limit = req.routeOptions.bodyLimit;
  if (declared > limit) {
    if (declared <= DRAIN_MAX_BYTES) await drain(req.raw);
    else reply.header('connection', 'close');
    return send(reply, tooLarge(limit));
  }
  return undefined;
};
