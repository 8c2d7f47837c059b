/**
 * The preload exposes exactly two functions to the page: invoke(channel, input), and
 * onEvent(listener) for the core's events (shared/contract/events.ts; the page validates them).
 * The page never sees ipcRenderer, the IPC event object, Node or Electron. Channel and input are
 * validated again by the core.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './security';

contextBridge.exposeInMainWorld('salesdesk', {
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
  onEvent: (listener: (event: unknown) => void) => {
    const forward = (_ipc: IpcRendererEvent, event: unknown) => {
      listener(event);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});
