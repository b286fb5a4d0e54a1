import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which published flow version answers /hooks/<path>. Rewritten on every publish. */
@Entity('hook_routes')
export class HookRouteEntity {
  @PrimaryColumn('text') path!: string;
  @Column('uuid', { name: 'flow_id' }) flowId!: string;
  @Column('uuid', { name: 'flow_version_id' }) flowVersionId!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
}
