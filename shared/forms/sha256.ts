/**
 * SHA-256 for shared/ (a form's version key) with no I/O and no Node built-ins: @noble/hashes,
 * audited and dependency-free. The core hashes large PDFs with node:crypto; tests prove they agree.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Hex SHA-256 of a UTF-8 string or of bytes. */
export function sha256Hex(input: string | Uint8Array): string {
  return bytesToHex(sha256(typeof input === 'string' ? utf8ToBytes(input) : input));
}
