/**
 * The one Content-Security-Policy for the renderer page, whichever host serves it (the Electron
 * shell's app:// protocol or the loopback web host): only our own scripts and styles; images may
 * be data/blob URLs (signatures, previews); PDFs preview in blob frames; nothing from the network.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
