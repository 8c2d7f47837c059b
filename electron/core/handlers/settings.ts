import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import { deviceSettingsSchema, SETTING_KEYS, type DeviceSettings } from '../../../shared/domain/settings';
import type { CoreContext } from '../context';
import type { Store } from '../store/db';

type H = HandlerMap<Pick<Contract, 'settings.get' | 'settings.set'>, CoreContext>;

/** Reads every setting; a stored value that no longer passes its schema reads as unset (never an error). */
function readSettings(store: Store): DeviceSettings {
  const rows = store.sqlite.prepare('SELECT key, value FROM device_settings').all() as { key: string; value: string }[];
  const found: Record<string, unknown> = { language: null, seller: null };
  for (const row of rows) {
    if (!(SETTING_KEYS as readonly string[]).includes(row.key)) continue;
    try {
      found[row.key] = JSON.parse(row.value) as unknown;
    } catch {
      found[row.key] = null;
    }
  }
  const parsed = deviceSettingsSchema.safeParse(found);
  if (parsed.success) return parsed.data;
  const one = <K extends keyof DeviceSettings>(key: K): DeviceSettings[K] => {
    const p = deviceSettingsSchema.shape[key].safeParse(found[key]);
    return p.success ? (p.data as DeviceSettings[K]) : null;
  };
  return { language: one('language'), seller: one('seller') };
}

export const settingsHandlers: H = {
  'settings.get': (_input, ctx) => readSettings(ctx.store),
  'settings.set': (patch, ctx) => {
    const now = ctx.clock.now().toISOString();
    ctx.store.write(() => {
      for (const key of SETTING_KEYS) {
        const value = patch[key];
        if (value === undefined) continue;
        if (value === null) ctx.store.sqlite.prepare('DELETE FROM device_settings WHERE key = ?').run(key);
        else
          ctx.store.sqlite
            .prepare('INSERT INTO device_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
            .run(key, JSON.stringify(value), now);
      }
    });
    return readSettings(ctx.store);
  },
};
