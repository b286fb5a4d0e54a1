import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FlowGraph } from '@flowbridge/nodes/sdk';

/** Immutable once written: runs are pinned to the version they started on. */
@Entity('flow_versions')
export class FlowVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'flow_id' }) flowId!: string;
  /** null for snapshots taken by test runs of a draft. */
  @Column('int', { nullable: true }) version!: number | null;
  @Column('jsonb') graph!: FlowGraph;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  /** What the analyst said about this version when publishing it. */
  @Column('text', { nullable: true }) note!: string | null;
}
