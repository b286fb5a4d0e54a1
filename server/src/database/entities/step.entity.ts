import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SerializedNodeError } from '@flowbridge/nodes/sdk';

/**
 * One row per attempt of a node in an iteration. The newest row of a node and path is its state:
 * succeeded, skipped, waiting (until wake_at), or failed (retrying when retry_at is set,
 * routed when port = 'error', final otherwise).
 */
export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'waiting';

@Entity('steps')
export class StepEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'run_id' }) runId!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
  /** `0` at the top of the run; `0.2` in a loop's third item, `0.2.1` in a loop nested in it. */
  @Column('text', { name: 'iteration_path', default: '0' }) iterationPath!: string;
  @Column('int') attempt!: number;
  @Column('text') status!: StepStatus;
  @Column('text', { nullable: true }) port!: string | null;
  @Column('jsonb', { nullable: true }) input!: unknown;
  @Column('jsonb', { nullable: true }) output!: unknown;
  @Column('jsonb', { nullable: true }) error!: SerializedNodeError | null;
  @Column('timestamptz', { name: 'wake_at', nullable: true }) wakeAt!: Date | null;
  @Column('timestamptz', { name: 'retry_at', nullable: true }) retryAt!: Date | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
