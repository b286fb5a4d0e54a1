import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FlowGraph, GraphProblem } from '@flowbridge/nodes/sdk';

@Entity('flows')
export class FlowEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** The draft the editor works on; published versions are frozen copies in flow_versions. */
  @Column('jsonb') draft!: FlowGraph;
  /** What keeps the draft from being published, as found when it was saved. */
  @Column('jsonb', { default: () => `'[]'::jsonb` }) problems!: GraphProblem[];
  /** Bumped by every save; a save naming an older revision is refused. */
  @Column('int', { default: 1 }) revision!: number;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('int', { name: 'published_version', nullable: true }) publishedVersion!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt!: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
}
