import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { applyLanguage } from './i18n';
import './styles.css';
import { router } from './app/routes';
import { background } from './app/background';
import { loadDeviceSettings } from './app/deviceSettings';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } },
});

/** The device's settings (language, seller defaults) come first, so the first screen shows in the chosen language. */
async function start() {
  try {
    const settings = await loadDeviceSettings();
    if (settings.language) applyLanguage(settings.language);
  } catch (error) {
    // The core may be unreachable for a moment (the screens say so themselves): start in Korean.
    console.error('[SalesDesk] device settings could not be read', error);
  }
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
background(start(), 'start');
