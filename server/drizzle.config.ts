import { defineConfig } from 'drizzle-kit';

// HQ server migrations (PostgreSQL / PGlite). Generate with `npm run hq:db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/migrations',
});
