import { InitialSchema1763830000000 } from './1763830000000-initial-schema';
import { EventsConnectorsConnections1763840000000 } from './1763840000000-events-connectors-connections';
import { UsersSessionsTokensAudit1763850000000 } from './1763850000000-users-sessions-tokens-audit';
import { FlowProblems1764600000000 } from './1764600000000-flow-problems';
import { Calendars1764700000000 } from './1764700000000-calendars';
import { SchedulesConcurrency1764800000000 } from './1764800000000-schedules-concurrency';
import { ApprovalAnswers1764900000000 } from './1764900000000-approval-answers';
import { FlowRevisions1765000000000 } from './1765000000000-flow-revisions';
import { Subflows1765100000000 } from './1765100000000-subflows';
import { IterationPaths1765200000000 } from './1765200000000-iteration-paths';
import { TriggerState1765300000000 } from './1765300000000-trigger-state';
import { TriggerPolls1765400000000 } from './1765400000000-trigger-polls';
import { OpsRuns1765500000000 } from './1765500000000-ops-runs';
import { AlertsRetention1765600000000 } from './1765600000000-alerts-retention';
import { DataTables1765700000000 } from './1765700000000-data-tables';
import { SyncLinks1765800000000 } from './1765800000000-sync-links';
import { DiscardedRuns1765900000000 } from './1765900000000-discarded-runs';
import { RunDrivers1766000000000 } from './1766000000000-run-drivers';

/** Every migration, oldest first. Listed explicitly so jest, the build and the CLI see the same set. */
export const migrations = [InitialSchema1763830000000, EventsConnectorsConnections1763840000000, UsersSessionsTokensAudit1763850000000, FlowProblems1764600000000, Calendars1764700000000, SchedulesConcurrency1764800000000, ApprovalAnswers1764900000000, FlowRevisions1765000000000, Subflows1765100000000, IterationPaths1765200000000, TriggerState1765300000000, TriggerPolls1765400000000, OpsRuns1765500000000, AlertsRetention1765600000000, DataTables1765700000000, SyncLinks1765800000000, DiscardedRuns1765900000000, RunDrivers1766000000000];
