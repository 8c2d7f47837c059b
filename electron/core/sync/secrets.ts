/** Keeps the device token: the OS keychain in Electron (safeStorage), marked plain elsewhere. */
export interface SecretBox {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}
export const plainSecretBox: SecretBox = {
  seal: (s) => Promise.resolve(`plain:${s}`),
  open: (s) => Promise.resolve(s.replace(/^plain:/, '')),
};
