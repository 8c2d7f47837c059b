import { sellerDefaultsSchema, type DeviceSettings, type DeviceSettingsPatch } from '../../../shared/domain/settings';
import { invoke } from '../api';
import { background } from './background';

/**
 * This device's settings (UI language, the seller block a new application starts with), kept in
 * the device store through `settings.get`/`settings.set`, not in browser storage. Read once at
 * start (before the first screen), then kept here as the core answered.
 */
let current: DeviceSettings = { language: null, seller: null };

export const deviceSettings = (): DeviceSettings => current;

/** Where earlier versions kept them: moved into the store once, then removed. */
const LEGACY = { language: 'salesdesk.language', seller: 'salesdesk.lastSeller' } as const;

function legacyValues(): DeviceSettingsPatch {
  const found: DeviceSettingsPatch = {};
  try {
    const language = localStorage.getItem(LEGACY.language);
    if (language === 'ko' || language === 'en') found.language = language;
    // The old entry held the whole seller block (with the opportunity code): keep the rep's own part.
    const old = JSON.parse(localStorage.getItem(LEGACY.seller) ?? 'null') as { team?: unknown; name?: unknown; phone?: unknown } | null;
    const seller = sellerDefaultsSchema.safeParse(old ? { team: old.team, name: old.name, phone: old.phone } : null);
    if (seller.success) found.seller = seller.data;
  } catch {
    // no browser storage, or a damaged entry: nothing to move
  }
  return found;
}

function forgetLegacy(): void {
  try {
    localStorage.removeItem(LEGACY.language);
    localStorage.removeItem(LEGACY.seller);
  } catch {
    // no browser storage
  }
}

/** Reads the settings, moving a value found in browser storage into the store the first time. */
export async function loadDeviceSettings(): Promise<DeviceSettings> {
  let settings = await invoke('settings.get', {});
  const legacy = legacyValues();
  // A value already in the store wins; browser storage only fills what the store lacks.
  const patch: DeviceSettingsPatch = {
    ...(settings.language === null && legacy.language ? { language: legacy.language } : {}),
    ...(settings.seller === null && legacy.seller ? { seller: legacy.seller } : {}),
  };
  if (Object.keys(patch).length > 0) settings = await invoke('settings.set', patch);
  forgetLegacy();
  current = settings;
  return settings;
}

/** Saves a change (the screen goes on at once; a failure is reported like any background work). */
export function saveDeviceSettings(patch: DeviceSettingsPatch): void {
  current = { ...current, ...patch };
  background(
    invoke('settings.set', patch).then((stored) => {
      current = stored;
    }),
    'save device settings',
  );
}
