import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { databasePoolSize, dataSourceOptions } from './database/data-source-options';
import { EngineModule, type EngineOptions } from './engine/engine.module';
import { CatalogController } from './modules/catalog/catalog.controller';
import { FlowsController } from './modules/flows/flows.controller';
import { FlowsService } from './modules/flows/flows.service';
import { HealthController } from './modules/health/health.controller';
import { RunsController } from './modules/runs/runs.controller';
import { RunsService } from './modules/runs/runs.service';
import { RunStream } from './modules/runs/run-stream';
import { StatsController } from './modules/stats/stats.controller';
import { StatsService } from './modules/stats/stats.service';
import { HookIntakeService } from './modules/triggers/hook-intake.service';
import { HooksController } from './modules/triggers/hooks.controller';
import { ManualRunService } from './modules/triggers/manual-run.service';
import { RespondWaiter } from './modules/triggers/respond-waiter';
import { ConnectionsModule } from './modules/connections/connections.module';
import { ConnectionsController } from './modules/connections/connections.controller';
import { ConnectorsController } from './modules/connectors/connectors.controller';
import { EventsController } from './modules/events/events.controller';
import { ExpressionsController } from './modules/expressions/expressions.controller';
import { SchedulesController } from './modules/flows/schedules.controller';
import { TemplatesController } from './modules/templates/templates.controller';
import { TemplatesService } from './modules/templates/templates.service';
import { AuditController } from './modules/audit/audit.controller';
import { AuditService } from './modules/audit/audit.service';
import { AuthController } from './modules/auth/auth.controller';
import { AuthGuard } from './modules/auth/auth.guard';
import { AuthService } from './modules/auth/auth.service';
import { UsersController } from './modules/users/users.controller';
import { UsersService } from './modules/users/users.service';
import { ApprovalsController, PeopleLinksController } from './modules/people/people.controller';
import { PeopleService } from './modules/people/people.service';
import { CalendarsController } from './modules/calendars/calendars.controller';
import { SettingsController } from './modules/settings/settings.controller';
import { MetricsController } from './observability/metrics.controller';
import { DemoController } from './modules/demo/demo.controller';
import { DemoOutbox } from './demo/demo-outbox';
import { TablesController } from './modules/tables/tables.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: EngineOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: class ConfigModule {}, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, databasePoolSize(config))),
        EngineModule.forRoot(options),
        ConnectionsModule,
      ],
      controllers: [HealthController, CatalogController, FlowsController, RunsController, StatsController, HooksController, ConnectorsController, ConnectionsController, EventsController, ExpressionsController, SchedulesController, TemplatesController, AuthController, UsersController, AuditController, PeopleLinksController, ApprovalsController, CalendarsController, SettingsController, MetricsController, DemoController, TablesController],
      providers: [
        FlowsService, RunsService, RunStream, StatsService, HookIntakeService, ManualRunService, RespondWaiter, TemplatesService, AuthService, UsersService, AuditService, PeopleService, DemoOutbox,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
