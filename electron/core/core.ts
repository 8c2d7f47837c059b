import fs from 'node:fs';
import { errorMsg } from '../../shared/i18n/error-messages';
import { contract, type Contract } from '../../shared/contract/contract';
import { createDispatcher, type Dispatch, type HandlerMap } from '../../shared/contract/dispatcher';
import { createInvoke } from '../../shared/contract/client';
import type { Invoke } from '../../shared/contract/contract';
import type { Store } from './store/db';
import { openStoreSafely, restoreFromBackup } from './store/open-safely';
import type { Backups } from './store/backups';
import { resolveStoreKey, type StoreKey } from './store/keys';
import { storeKeySecretBox } from './store/sealed';
import { secureDir, writeSecretFile } from './store/files';
import { storeHandlers } from './handlers/store';
import { claimCli, claimHost, runningClis, runningHost } from './store/host-lock';
import { storeRecoverySchema, type BackupInfo, type StoreRecovery } from '../../shared/store/recovery';
import { AppError } from '../../shared/contract/errors';
import { eq } from 'drizzle-orm';
import { syncState } from './store/schema';
import { systemClock, type Clock } from './ids';
import { createRepos, type CoreContext, type HostKind, type StoreAdmin } from './context';
import { storeFile } from './paths';
import { applicationHandlers } from './handlers/applications';
import { quoteHandlers } from './handlers/quotes';
import { commissionHandlers } from './handlers/commission';
import { documentHandlers } from './handlers/documents';
import { AttachmentStore } from './attachments';
import { DocumentService, deviceName } from './documents/service';
import { AccessLog } from './privacy/access-log';
import { readDestructionLog, RetentionJob, RetentionService } from './privacy/retention';
import { retentionHandlers } from './handlers/retention';

/** The access log's "who" on a device not yet enrolled with HQ (no rep known). */
export const UNENROLLED_ACTOR = '(등록 전 기기)';
import { JobRunner } from './jobs';
import { CoreEvents, type CoreEventListener } from './events';
import { WorkflowService } from './workflow';
import { EditGuard } from './edits';
import { workflowHandlers } from './handlers/workflow';
import { syncHandlers } from './handlers/sync';
import { ticketHandlers } from './handlers/tickets';
import { consentHandlers } from './handlers/consents';
import { prospectHandlers } from './handlers/prospects';
import { settingsHandlers } from './handlers/settings';
import { SyncEngine } from './sync/engine';
import type { SecretBox } from './sync/secrets';
import { SyncState } from './sync/state';
import { SyncScheduler } from './sync/scheduler';
import type { SyncTuning } from './sync/tuning';
import { DEFAULT_CATALOGS_DIR, loadCatalogs } from './catalogs';
import { createCatalogRegistry } from './catalog-registry';
import { DEFAULT_COMMISSION_DIR, loadCommissionPlans } from './commission-plans';
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
  /** Where the device token is kept (Electron: the OS keychain via safeStorage; else sealed with the store key). */
  secrets?: SecretBox;
  /**
   * The store key. Electron passes the one its OS keychain unsealed (resolveKeychainStoreKey);
   * otherwise it comes from SALESDESK_STORE_KEY or the key file (resolveStoreKey).
   */
  storeKey?: StoreKey;
  /** Where the key is looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Back the store up when it opens (default: the app and web host; not every CLI call). */
  backupAtStart?: boolean;
  /** Validate every handler's output against the contract (tests turn this on). */
  validateOutput?: boolean;
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
  /** Sync timing (hosts read it from the environment: see sync/tuning.ts). */
  syncTuning?: SyncTuning;
  /** Run the daily retention check (default: the app and web host). */
  retentionJob?: boolean;
}

/** The core: one store, one dispatcher. Plain Node; never imports electron. */
export interface Core {
  /** The transport every host uses: (channel, unknown input) → WireResult. */
  dispatch: Dispatch;
  /** Typed in-process calls (CLI, tests). */
  invoke: Invoke;
  /** The open store (a restore replaces it: read it from here each time). */
  readonly store: Store;
  /** The handlers' context (for hosts and tests that drive sync directly). */
  readonly ctx: CoreContext;
  /** Set when this open found the store damaged and restored a backup (or started empty). */
  readonly recoveredAtOpen: StoreRecovery | null;
  /** Resolves when no background backup is running (tests; a host before it exits). */
  idle(): Promise<void>;
  /** Core → screen events (shared/contract/events.ts); returns the unsubscribe. */
  onEvent(listener: CoreEventListener): () => void;
  close(): void;
}

/** After a successful sync the store is backed up, at most this often. */
const SYNC_BACKUP_INTERVAL_MS = 10 * 60_000;
const RECOVERY_FILE = 'store-recovery.json';

interface Session {
  store: Store;
  ctx: CoreContext;
  dispatch: Dispatch;
  close(): void;
}

export function openCore(options: CoreOptions): Core {
  secureDir(options.dataDir);
  // Claimed before the store is opened (a restore by another process in between would move the file
  // from under this one), and given back if the core does not open.
  const releaseHost = options.host === 'web' || options.host === 'electron' ? claimHost(options.dataDir, options.host) : options.host === 'cli' ? claimCli(options.dataDir) : () => undefined;
  try {
    return openClaimedCore(options, releaseHost);
  } catch (error) {
    releaseHost();
    throw error;
  }
}

/** Refuses a restore while a CLI command or another host has the folder (it would go on writing into the file moved aside). */
function refuseWhileInUse(dataDir: string): void {
  const cli = runningClis(dataDir)[0];
  if (cli) throw new AppError('NOT_ALLOWED', errorMsg('core.restoreWhileCli', { pid: String(cli.pid) }));
  const host = runningHost(dataDir);
  if (host) throw new AppError('NOT_ALLOWED', errorMsg('core.restoreWhileHost', { pid: String(host.pid) }));
}

function openClaimedCore(options: CoreOptions, releaseHost: () => void): Core {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((e) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`));
  const key = options.storeKey ?? resolveStoreKey(options.dataDir, options.env ?? process.env);
  const file = storeFile(options.dataDir);
  const opened = openStoreSafely({ dataDir: options.dataDir, file, key: key.bytes, now: () => clock.now(), log, ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}) });
  const backups = opened.backups;
  const shipped = loadCatalogs(options.resourcesDir ? path.join(options.resourcesDir, 'catalogs') : DEFAULT_CATALOGS_DIR);
  const plans = loadCommissionPlans(options.resourcesDir ? path.join(options.resourcesDir, 'commission') : DEFAULT_COMMISSION_DIR);
  const secrets = options.secrets ?? storeKeySecretBox(key);

  const recoveries = recoveryNotice(options.dataDir, log);
  if (opened.recovery) recoveries.set(opened.recovery);
  let lastSyncBackup = 0;
  const events = new CoreEvents(100, log);
  // After close (a host shutting down while a request is still on its way) nothing reaches the
  // closed store: the caller gets a refusal that says what to do, not an unexpected error.
  let closed = false;

  // A restore that did not go through reopens whatever is in place; when even that fails (another
  // process holds the folder while the store is moved aside), every request tries again and is
  // refused with why until it opens, instead of reaching the closed store.
  let unopened: { why: string; destructions: DestructionLog } | null = null;
  const reopenSession = (destructions: DestructionLog) => {
    const reopened = openStoreSafely({ dataDir: options.dataDir, file, key: key.bytes, now: () => clock.now(), log, ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}) });
    const next = openSession(reopened.store);
    try {
      // What is in place may be a backup (put there before the restore failed): destroyed stays destroyed.
      next.ctx.retention.reapply(destructions);
    } catch (error) {
      // Not served: closed, so a later try does not leave one more connection on the file.
      next.close();
      throw error;
    }
    session = next;
    unopened = null;
    if (reopened.recovery) recoveries.note(reopened.recovery);
    events.changed();
  };
  const adopt = (store: Store, restored: StoreRecovery, destructions: DestructionLog) => {
    session = openSession(store);
    // Synchronously, before any channel or sync can read the restored store: every destruction
    // made after the backup is carried out again on it (RetentionService.reapply says why).
    const reapplied = session.ctx.retention.reapply(destructions);
    if (reapplied > 0) log({ level: 'info', msg: 'retention: destructions made after the backup carried out again on the restored store', reapplied });
    recoveries.note(restored);
    events.changed();
  };
  const reopenAfterRestore = (destructions: DestructionLog): boolean => {
    try {
      reopenSession(destructions);
      return true;
    } catch (error) {
      unopened = { why: error instanceof Error ? error.message : String(error), destructions };
      log({ level: 'error', msg: 'store not reopened after a restore that did not go through', error: unopened.why });
      return false;
    }
  };

  const admin: StoreAdmin = {
    status: () => ({ encrypted: true, protection: key.protection, backups: backups.list(), recovery: recoveries.get() }),
    backupNow: () => backups.createInBackground(file, 'manual', clock.now()),
    restore: (id) =>
      restoreChosenBackup(id, {
        dataDir: options.dataDir,
        file,
        key,
        backups,
        clock,
        log,
        migrationsDir: options.migrationsDir,
        isClosed: () => closed,
        session: () => session,
        adopt,
        reopenAfterRestore,
      }),
    dismissRecovery: () => recoveries.set(null),
  };

  const backupAfterSync = () => {
    const now = clock.now().getTime();
    if (now - lastSyncBackup < SYNC_BACKUP_INTERVAL_MS) return;
    lastSyncBackup = now;
    backups
      .createInBackground(file, 'sync', clock.now())
      .catch((error: unknown) => log({ level: 'error', msg: 'backup after sync failed', error: error instanceof Error ? error.message : String(error) }));
  };

  function openSession(store: Store): Session {
    const ctx = buildContext(store, { options, clock, key, secrets, log, events, storeAdmin: admin, shipped, plans, afterSync: backupAfterSync });
    if (options.autoSync) ctx.sync.scheduler.start();
    const handlers: HandlerMap<Contract, CoreContext> = {
      'app.info': () => ({ version: ctx.info.version, host: ctx.info.host, dataDir: ctx.info.dataDir, device: ctx.info.device, schemaVersion: store.schemaVersion }),
      ...applicationHandlers,
      ...quoteHandlers,
      ...commissionHandlers,
      ...documentHandlers,
      ...workflowHandlers,
      ...syncHandlers,
      ...storeHandlers,
      ...ticketHandlers,
      ...consentHandlers,
      ...prospectHandlers,
      ...settingsHandlers,
      ...retentionHandlers,
    };
    const dispatch = createDispatcher(contract, handlers, {
      validateOutput: options.validateOutput ?? process.env.SALESDESK_VALIDATE_OUTPUT === '1',
      context: () => ctx,
      onPersonalAccess: (event) => ctx.accessLog.append(event),
      onUnexpectedError: (error, channel, incidentId) => log({ level: 'error', msg: 'unexpected error in handler', channel, incidentId, error: error instanceof Error ? error.stack : String(error) }),
    });
    return {
      store,
      ctx,
      dispatch,
      close: () => {
        ctx.sync.scheduler.stop();
        store.close();
      },
    };
  }

  let session = openSession(opened.store);
  // The daily retention check (issue 17 item 3): on start and every 24 h; it reads the session's
  // store each time (a restore replaces it) and stops on close.
  const retentionJob = new RetentionJob(
    () => session.ctx.retention,
    () => backups.prune(clock.now(), [], session.ctx.retention.lastDestructionAt()),
    (due) => {
      if (due > 0) events.changed();
    },
    log,
  );
  if (opened.encryptedNow) log({ level: 'info', msg: 'store encrypted (it was plain SQLite)' });
  const sealedFiles = session.ctx.attachments.sealLegacyFiles();
  if (sealedFiles > 0) log({ level: 'info', msg: 'attachments encrypted', count: sealedFiles });
  resealPlainToken(session.store, secrets);
  backups.removeLeftovers();
  if (options.backupAtStart ?? (options.host === 'web' || options.host === 'electron')) {
    try {
      backups.create(session.store.sqlite, 'start', clock.now());
    } catch (error) {
      log({ level: 'error', msg: 'backup at start failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  if (options.retentionJob ?? (options.host === 'web' || options.host === 'electron')) retentionJob.start();
  else removeQueuedFiles(session.ctx.retention, log);

  // A write channel that succeeded changed what the screens show (a query never does: the access
  // log it may append to is not something a screen lists, so reads cannot set off refreshes).
  const dispatch: Dispatch = async (channel, input) => {
    if (closed) return { ok: false, error: new AppError('UNAVAILABLE', errorMsg('core.closed')).toWire() };
    if (unopened) {
      try {
        reopenSession(unopened.destructions);
      } catch (error) {
        return { ok: false, error: new AppError('UNAVAILABLE', errorMsg('core.storeNotReopened', { detail: error instanceof Error ? error.message : String(error) })).toWire() };
      }
    }
    const result = await session.dispatch(channel, input);
    if (result.ok && isWriteChannel(channel)) events.changed();
    return result;
  };
  return {
    dispatch,
    invoke: createInvoke(dispatch),
    get store() {
      return session.store;
    },
    get ctx() {
      return session.ctx;
    },
    recoveredAtOpen: opened.recovery,
    idle: () => backups.idle(),
    onEvent: (listener) => events.on(listener),
    close: () => {
      if (closed) return;
      closed = true;
      retentionJob.stop();
      events.close();
      session.close();
      // A backup still copying holds the file: no other connection is on it once close() returns.
      backups.close();
      releaseHost();
    },
  };
}

type Log = NonNullable<CoreOptions['log']>;

/** What a restore works with: the core's parts, and how it hands the core a store. */
interface Restorer {
  dataDir: string;
  file: string;
  key: StoreKey;
  backups: Backups;
  clock: Clock;
  log: Log;
  migrationsDir: string | undefined;
  isClosed(): boolean;
  session(): Session;
  /** Serves the restored store: every destruction made after the backup carried out again, its recovery noted. */
  adopt(store: Store, recovery: StoreRecovery, destructions: DestructionLog): void;
  /** After a restore that did not go through: reopens whatever is in place (see openClaimedCore); false when it could not. */
  reopenAfterRestore(destructions: DestructionLog): boolean;
}

type DestructionLog = ReturnType<typeof readDestructionLog>;

/** store.restore: the chosen backup replaces the store, which is backed up and moved aside first. */
async function restoreChosenBackup(id: string, r: Restorer): Promise<StoreRecovery> {
  // A backup still copying holds the file open (Windows cannot move it): let it finish.
  await r.backups.idle();
  // The core may have closed while the backup finished: a restore now would reopen a store no one closes.
  if (r.isClosed()) throw new AppError('UNAVAILABLE', errorMsg('core.closed'));
  const current = r.session();
  if (current.ctx.sync.engine.isRunning) {
    throw new AppError('NOT_ALLOWED', errorMsg('core.restoreWhileSyncing'));
  }
  refuseWhileInUse(r.dataDir);
  if (!r.backups.list().some((b) => b.id === id)) {
    throw new AppError('NOT_FOUND', `백업 ${id}이(가) 없습니다. 백업 목록을 새로 고친 뒤 고르세요.`, { issues: [{ path: 'backup', message: '백업 목록에 없는 이름입니다.' }] });
  }
  const problem = r.backups.check(id);
  if (problem) {
    throw new AppError('INVALID_INPUT', `백업 ${id}은(는) 손상되어 복원할 수 없습니다. 다른 백업을 고르세요. 지금 저장소는 그대로입니다.`, {
      issues: [{ path: 'backup', message: '손상된 백업입니다.' }],
    });
  }
  // What was destroyed stays destroyed: the log as it is now is carried over to the restored store.
  const destructions = readDestructionLog(current.store);
  // The store as it is now stays restorable (and its file is moved aside, not deleted).
  // Not pruned yet: a restore refused below leaves the backups as they were (this copy removed).
  let before: BackupInfo;
  try {
    before = r.backups.create(current.store.sqlite, 'before-restore', r.clock.now(), { protect: [id], prune: false });
  } catch (error) {
    throw new AppError('UNAVAILABLE', errorMsg('core.restoreBackupFailed', { detail: error instanceof Error ? error.message : String(error) }));
  }
  try {
    // Looked at again just before the move: a command may have started during that copy.
    refuseWhileInUse(r.dataDir);
  } catch (error) {
    r.backups.remove(before.id);
    throw error;
  }
  current.close();
  // SQLite removes the WAL when its last connection closes: one still there is another process's
  // open store (a web host whose host.lock the app's claim replaced), whose writes would go to the file moved aside.
  if (fs.existsSync(`${r.file}-wal`)) {
    r.backups.remove(before.id);
    r.reopenAfterRestore(destructions);
    throw new AppError('NOT_ALLOWED', errorMsg('core.restoreWhileOpen'));
  }
  let restored: ReturnType<typeof restoreFromBackup>;
  try {
    restored = restoreFromBackup({
      dataDir: r.dataDir,
      file: r.file,
      key: r.key.bytes,
      backups: r.backups,
      reason: 'chosen',
      detail: 'requested',
      preferred: id,
      strict: true,
      now: () => r.clock.now(),
      log: r.log,
      ...(r.migrationsDir ? { migrationsDir: r.migrationsDir } : {}),
    });
  } catch (error) {
    // Never leave the core without a store: reopen whatever is in place (the safe open restores if needed).
    const reopened = r.reopenAfterRestore(destructions);
    if (error instanceof AppError) throw error;
    throw new AppError('UNAVAILABLE', `백업을 복원하지 못했습니다: ${(error as Error).message}. ${reopened ? '지금 저장소는 다시 열었습니다.' : '저장소는 다음 요청 때 다시 엽니다.'}`);
  }
  // The backup is in place from here: what fails after this does not undo the restore, and is not
  // answered as a restore that did not go through (that reopened the backup on a second connection).
  r.adopt(restored.store, restored.recovery, destructions);
  try {
    r.backups.prune(r.clock.now(), [id, before.id]);
  } catch (error) {
    r.log({ level: 'error', msg: 'backups not pruned after a restore', error: error instanceof Error ? error.message : String(error) });
  }
  return restored.recovery;
}

/** What every session's context is made from (the same for each store openCore opens). */
interface ContextParts {
  options: CoreOptions;
  clock: Clock;
  key: StoreKey;
  secrets: SecretBox;
  log: Log;
  events: CoreEvents;
  storeAdmin: StoreAdmin;
  shipped: ReturnType<typeof loadCatalogs>;
  plans: ReturnType<typeof loadCommissionPlans>;
  /** After every sync that succeeded (a throttled backup). */
  afterSync: () => void;
}

/**
 * The handlers' context for one open store. Each part is built once the parts it needs exist and
 * is given only what it uses (its own narrow context; no cast): documents → edit guard → workflow;
 * the access log (whose "who" is the enrolled rep) → the sync engine → its scheduler, retention.
 */
function buildContext(store: Store, p: ContextParts): CoreContext {
  const catalogs = createCatalogRegistry(store, p.shipped, p.plans);
  const repos = createRepos(store, p.clock, catalogs);
  const attachments = new AttachmentStore(store, p.options.dataDir, p.key);
  const info = { version: APP_VERSION, host: p.options.host, dataDir: p.options.dataDir, device: deviceName() };
  const resourcesDir = p.options.resourcesDir;
  const clock = p.clock;
  const documents = new DocumentService({ store, clock, repos, catalogs, attachments, info, resourcesDir });
  const edits = new EditGuard({ documents, clock });
  const workflow = new WorkflowService({ store, clock, repos, catalogs, documents, info });

  // Who is at the keyboard, for the access log: the rep this device is enrolled to.
  const syncState = new SyncState({ store });
  const who = () => {
    const enrollment = syncState.get('enrollment');
    return enrollment ? { actor: enrollment.rep, device: enrollment.deviceId } : { actor: UNENROLLED_ACTOR, device: info.device };
  };
  const accessLog = new AccessLog(store, clock, who);

  // Retention before the engine: a pull follows HQ-confirmed destructions through it (issue 17);
  // it asks the engine only later, whether a sync is running.
  const syncing = { running: () => false };
  const retention = new RetentionService(store, clock, attachments, who, () => syncing.running());
  const engine = new SyncEngine({ store, clock, attachments, catalogs, info, accessLog, retention }, p.secrets, fetch, {
    log: p.log,
    ...(p.options.syncTuning ? { timeouts: p.options.syncTuning.timeouts } : {}),
  });
  syncing.running = () => engine.isRunning;
  announceSyncs(engine, p.events, p.afterSync, p.log);
  const scheduler = new SyncScheduler(engine, store, { log: p.log, onPlanned: () => p.events.sync(), ...p.options.syncTuning?.scheduler });

  return {
    store,
    clock,
    catalogs,
    attachments,
    resourcesDir,
    repos,
    info,
    jobs: new JobRunner(p.log, (event) => {
      p.events.job(event);
    }),
    storeAdmin: p.storeAdmin,
    documents,
    workflow,
    edits,
    sync: { engine, scheduler },
    accessLog,
    retention,
  };
}

/** Every sync (scheduler, sync screen or CLI) is announced to the screens and followed by afterSync. */
function announceSyncs(engine: SyncEngine, events: CoreEvents, afterSync: () => void, log: Log): void {
  // Each successful sync is followed by afterSync (openCore: a backup, throttled)…
  const runSync = engine.sync.bind(engine);
  const seen = new WeakSet<Promise<unknown>>();
  // …and the screens hear when a sync starts, moves on and ends (the 'sync' event).
  engine.sync = (onProgress) => {
    const running = runSync((progress) => {
      events.sync();
      onProgress?.(progress);
    });
    if (!seen.has(running)) {
      seen.add(running);
      events.sync();
      running
        .then(afterSync, () => undefined)
        .finally(() => {
          // The sync wrote what HQ sent and marked what it took: the screens' records may have changed.
          events.sync();
          events.changed();
        })
        .catch((error: unknown) => log({ level: 'error', msg: 'backup after sync failed', error: String(error) }));
    }
    return running;
  };
}

function isWriteChannel(channel: string): boolean {
  return Object.hasOwn(contract, channel) && contract[channel as keyof Contract].kind === 'write';
}

/**
 * The start-up clean-up of files a destruction queued, as the retention job does it: another
 * process holding the store's write lock past busy_timeout leaves them for the next start instead
 * of failing this one.
 */
function removeQueuedFiles(retention: RetentionService, log: Log): void {
  try {
    retention.removePendingFiles();
  } catch (error) {
    log({ level: 'error', msg: 'retention: queued file removals left for the next start', error: error instanceof Error ? error.message : String(error) });
  }
}

/** The store's recovery notice: kept in memory, and in store-recovery.json for the next start. */
function recoveryNotice(dataDir: string, log: Log) {
  const file = path.join(dataDir, RECOVERY_FILE);
  let current: StoreRecovery | null = readRecovery(file);
  const set = (r: StoreRecovery | null) => {
    current = r;
    if (r) writeSecretFile(file, JSON.stringify(r));
    else fs.rmSync(file, { force: true });
  };
  return {
    get: () => current,
    set,
    /** As set, but a note that cannot be written (a full disk) is only logged: store.status still shows it. */
    note: (r: StoreRecovery) => {
      try {
        set(r);
      } catch (error) {
        log({ level: 'error', msg: 'recovery note not written', error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

function readRecovery(file: string): StoreRecovery | null {
  try {
    const parsed = storeRecoverySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A device token written before tokens were sealed (`plain:`) is sealed with the store key now. */
function resealPlainToken(store: Store, secrets: SecretBox): void {
  if (!('sealSync' in secrets)) return;
  const row = store.db.select().from(syncState).where(eq(syncState.key, 'token')).get();
  if (typeof row?.value !== 'string' || !row.value.startsWith('plain:')) return;
  const sealed = (secrets as ReturnType<typeof storeKeySecretBox>).sealSync(row.value.slice('plain:'.length));
  store.write((tx) => tx.update(syncState).set({ value: sealed }).where(eq(syncState.key, 'token')).run());
}
