import { AppError } from '../../shared/contract/errors';
import { errorMsg } from '../../shared/i18n/error-messages';
import type { Store } from './store/db';
import type { Clock } from './ids';
import { ApplicationsRepo } from './repos/applications';
import { CustomersRepo, customerFromRow } from './repos/customers';
import { QuotesRepo } from './repos/quotes';
import { TicketsRepo } from './repos/tickets';
import type { CatalogRegistry } from './catalog-registry';
import { ConsentsRepo } from './repos/consents';
import type { AttachmentStore } from './attachments';
import type { DocumentService } from './documents/service';
import type { JobRunner } from './jobs';
import type { WorkflowService } from './workflow';
import type { EditGuard } from './edits';
import type { SyncEngine } from './sync/engine';
import type { SyncScheduler } from './sync/scheduler';
import type { AccessLog } from './privacy/access-log';
import type { RetentionService } from './privacy/retention';
import type { BackupInfo, StoreRecovery, StoreStatus } from '../../shared/store/recovery';

export type HostKind = 'electron' | 'web' | 'cli' | 'test';

interface CoreInfo {
  version: string;
  host: HostKind;
  dataDir: string;
  /** This computer's name, recorded with every signature. */
  device: string;
}

export function createRepos(store: Store, clock: Clock, catalogs: CatalogRegistry) {
  return {
    applications: new ApplicationsRepo(store, clock),
    quotes: new QuotesRepo(store, clock, (id) => catalogs.get(id)),
    customers: new CustomersRepo(store),
    tickets: new TicketsRepo(store, clock, () => catalogs.serviceTargets()),
    consents: new ConsentsRepo(store, clock, () => catalogs.consentTexts()),
    customerRecord: customerFromRow,
    notFound: (what: string, id: string) => new AppError('NOT_FOUND', errorMsg('core.notFound', { what, id }), { id }),
  };
}
type Repos = ReturnType<typeof createRepos>;

/** The store's keeping: backups, restore, the recovery notice (core.ts owns the store's lifetime). */
export interface StoreAdmin {
  status(): StoreStatus;
  /** A backup taken in a worker thread (the app keeps working meanwhile). */
  backupNow(): Promise<BackupInfo>;
  /** Moves the current store aside and opens the chosen backup in its place. */
  restore(id: string): Promise<StoreRecovery>;
  dismissRecovery(): void;
}

/** What every handler receives. */
export interface CoreContext {
  store: Store;
  catalogs: CatalogRegistry;
  attachments: AttachmentStore;
  documents: DocumentService;
  workflow: WorkflowService;
  /** The consequences of a rep's change to what an application applied with (voided signatures). */
  edits: EditGuard;
  sync: { engine: SyncEngine; scheduler: SyncScheduler };
  jobs: JobRunner;
  /** The app's resources folder when not the repository's own (packaged app). */
  resourcesDir: string | undefined;
  repos: Repos;
  clock: Clock;
  info: CoreInfo;
  storeAdmin: StoreAdmin;
  /** The personal-data access log the dispatcher writes (issue 17). */
  accessLog: AccessLog;
  /** Retention and destruction under the rep's rules (issue 17 item 3). */
  retention: RetentionService;
}
