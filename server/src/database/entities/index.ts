import { FlowEntity } from './flow.entity';
import { FlowVersionEntity } from './flow-version.entity';
import { HookRouteEntity } from './hook-route.entity';
import { RunEntity } from './run.entity';
import { StepEntity } from './step.entity';

export { FlowEntity, FlowVersionEntity, HookRouteEntity, RunEntity, StepEntity };
export const entities = [FlowEntity, FlowVersionEntity, HookRouteEntity, RunEntity, StepEntity];
