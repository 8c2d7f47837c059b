import { defineConfig } from 'drizzle-kit';

// Local store migrations (SQLite). The HQ server has its own config in server/.
export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/core/store/schema.ts',
  out: './electron/core/store/migrations',
});
