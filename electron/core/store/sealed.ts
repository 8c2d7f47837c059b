/**
 * AES-256-GCM with keys derived from the store key: attachment files and the device token.
 * Layout: 12-byte random nonce | ciphertext | 16-byte tag. `aad` binds a sealed value to its
 * place (an attachment to its SHA-256 name), so swapping files is detected, not decrypted.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';
import type { SecretBox } from '../sync/secrets';
import { deriveKey, type StoreKey } from './keys';

const NONCE = 12;
const TAG = 16;

export function seal(key: Buffer, plain: Uint8Array, aad: Uint8Array = Buffer.alloc(0)): Buffer {
  const nonce = crypto.randomBytes(NONCE);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Throws when the bytes were changed, or sealed with another key or for another place. */
export function unseal(key: Buffer, sealed: Uint8Array, aad: Uint8Array = Buffer.alloc(0)): Buffer {
  if (sealed.length < NONCE + TAG) throw new Error('sealed value too short');
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, NONCE));
  decipher.setAAD(aad);
  decipher.setAuthTag(buf.subarray(buf.length - TAG));
  return Buffer.concat([decipher.update(buf.subarray(NONCE, buf.length - TAG)), decipher.final()]);
}

const TOKEN_PREFIX = 'sealed:v1:';

/** The device token sealed with a key derived from the store key (web host, CLI). */
export function storeKeySecretBox(storeKey: StoreKey): SecretBox & { sealSync(plain: string): string } {
  const key = deriveKey(storeKey, 'device token v1');
  const aad = Buffer.from('salesdesk device token');
  const sealSync = (plain: string) => `${TOKEN_PREFIX}${seal(key, Buffer.from(plain, 'utf8'), aad).toString('base64')}`;
  return {
    sealSync,
    seal: (plain) => Promise.resolve(sealSync(plain)),
    open: (sealed) => {
      try {
        if (sealed.startsWith(TOKEN_PREFIX)) return Promise.resolve(unseal(key, Buffer.from(sealed.slice(TOKEN_PREFIX.length), 'base64'), aad).toString('utf8'));
        // Written before tokens were sealed (re-sealed at open; see core.ts).
        if (sealed.startsWith('plain:')) return Promise.resolve(sealed.slice('plain:'.length));
        return Promise.reject(new AppError('UNAUTHORIZED', '이 기기 토큰은 다른 방식으로 봉인되어 있어 열 수 없습니다. 본사에서 새 등록 코드를 받아 다시 등록하세요.'));
      } catch {
        return Promise.reject(new AppError('UNAUTHORIZED', '이 기기 토큰을 열 수 없습니다 (키가 다르거나 손상됨). 본사에서 새 등록 코드를 받아 다시 등록하세요.'));
      }
    },
  };
}
