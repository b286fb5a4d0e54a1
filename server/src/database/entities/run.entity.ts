import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SerializedNodeError } from '@flowbridge/nodes/sdk';

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

@Entity('runs')
export class RunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'flow_id' }) flowId!: string;
  @Column('uuid', { name: 'flow_version_id' }) flowVersionId!: string;
  @Column('text') status!: RunStatus;
  @Column('text', { name: 'trigger_node_id' }) triggerNodeId!: string;
  @Column('text', { name: 'business_key', nullable: true }) businessKey!: string | null;
  @Column('text', { name: 'dedupe_key', nullable: true }) dedupeKey!: string | null;
  @Column('jsonb', { nullable: true }) error!: (SerializedNodeError & { nodeId?: string }) | null;
  /** When a waiting or retrying run is due; the queue holds a job for then. */
  @Column('timestamptz', { name: 'wake_at', nullable: true }) wakeAt!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('boolean', { name: 'is_test' }) isTest!: boolean;
  @Column('text', { name: 'trigger_type', nullable: true }) triggerType!: string | null;
  @Column('uuid', { name: 'retry_of', nullable: true }) retryOf!: string | null;
}
