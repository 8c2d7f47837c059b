import fs from 'node:fs';
import { contract, type Contract } from '../../shared/contract/contract';
import { createDispatcher, type Dispatch, type HandlerMap } from '../../shared/contract/dispatcher';
import { createInvoke } from '../../shared/contract/client';
import type { Invoke } from '../../shared/contract/contract';
import { openStore, type Store } from './store/db';
import { systemClock, type Clock } from './ids';
import { createRepos, type CatalogRegistry, type CoreContext, type HostKind } from './context';
import { storeFile } from './paths';
import { applicationHandlers } from './handlers/applications';
import { quoteHandlers } from './handlers/quotes';
import { documentHandlers } from './handlers/documents';
import { AttachmentStore } from './attachments';
import { DocumentService, deviceName } from './documents/service';
import { JobRunner } from './jobs';
import { WorkflowService } from './workflow';
import { workflowHandlers } from './handlers/workflow';
import { syncHandlers } from './handlers/sync';
import { SyncEngine, plainSecretBox, type SecretBox } from './sync/engine';
import { SyncScheduler } from './sync/scheduler';
import type { SyncTuning } from './sync/tuning';
import { DEFAULT_CATALOGS_DIR, loadCatalogs } from './catalogs';
import { createCatalogRegistry } from './catalog-registry';
import path from 'node:path';
import { APP_VERSION } from './version';

export interface CoreOptions {
  dataDir: string;
  host: HostKind;
  migrationsDir?: string;
  /** The app's resources folder (catalogs, fonts, contacts); defaults to the repo's resources/. */
  resourcesDir?: string;
  clock?: Clock;
  /** Sync in the background (the app and web host); the CLI and tests sync when asked. */
  autoSync?: boolean;
  /** Where the device token is kept (Electron: the OS keychain via safeStorage). */
  secrets?: SecretBox;
  /** Validate every handler's output against the contract (tests turn this on). */
  validateOutput?: boolean;
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
  /** Sync timing (hosts read it from the environment: see sync/tuning.ts). */
  syncTuning?: SyncTuning;
}

/** The core: one store, one dispatcher. Plain Node; never imports electron. */
export interface Core {
  /** The transport every host uses: (channel, unknown input) → WireResult. */
  dispatch: Dispatch;
  /** Typed in-process calls (CLI, tests). */
  invoke: Invoke;
  store: Store;
  /** The handlers' context (for hosts and tests that drive sync directly). */
  ctx: CoreContext;
  close(): void;
}

export function openCore(options: CoreOptions): Core {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const store = openStore({ file: storeFile(options.dataDir), ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}) });
  const clock = options.clock ?? systemClock;
  const shipped = loadCatalogs(options.resourcesDir ? path.join(options.resourcesDir, 'catalogs') : DEFAULT_CATALOGS_DIR);
  const catalogs: CatalogRegistry = createCatalogRegistry(store, shipped);
  const ctx = {
    store,
    clock,
    catalogs,
    attachments: new AttachmentStore(store, options.dataDir),
    resourcesDir: options.resourcesDir,
    repos: createRepos(store, clock, catalogs),
    info: { version: APP_VERSION, host: options.host, dataDir: options.dataDir, device: deviceName() },
    jobs: new JobRunner(),
  } as Omit<CoreContext, 'documents' | 'workflow' | 'sync'> as CoreContext;
  ctx.documents = new DocumentService(ctx);
  ctx.workflow = new WorkflowService(ctx);
  const log = options.log ?? ((e) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`));
  const engine = new SyncEngine(ctx, options.secrets ?? plainSecretBox, fetch, { log, ...(options.syncTuning ? { timeouts: options.syncTuning.timeouts } : {}) });
  ctx.sync = { engine, scheduler: new SyncScheduler(engine, store, { log, ...options.syncTuning?.scheduler }) };
  if (options.autoSync) ctx.sync.scheduler.start();
  const handlers: HandlerMap<Contract, CoreContext> = {
    'app.info': () => ({ version: ctx.info.version, host: ctx.info.host, dataDir: ctx.info.dataDir, device: ctx.info.device, schemaVersion: store.schemaVersion }),
    ...applicationHandlers,
    ...quoteHandlers,
    ...documentHandlers,
    ...workflowHandlers,
    ...syncHandlers,
  };
  const dispatch = createDispatcher(contract, handlers, {
    validateOutput: options.validateOutput ?? process.env.SALESDESK_VALIDATE_OUTPUT === '1',
    context: () => ctx,
    onUnexpectedError: (error, channel, incidentId) =>
      log({ level: 'error', msg: 'unexpected error in handler', channel, incidentId, error: error instanceof Error ? error.stack : String(error) }),
  });
  return {
    dispatch,
    invoke: createInvoke(dispatch),
    store,
    ctx,
    close: () => {
      ctx.sync.scheduler.stop();
      store.close();
    },
  };
}
