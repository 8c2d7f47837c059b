/**
 * The preload exposes exactly one function to the page: invoke(channel, input). The page never
 * sees ipcRenderer, Node or Electron. Channel and input are validated again by the core.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { INVOKE_CHANNEL } from './security';

contextBridge.exposeInMainWorld('salesdesk', {
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
});
