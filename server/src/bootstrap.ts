import 'reflect-metadata';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import proxyAddr from 'proxy-addr';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { QueueWorker } from './engine/queue/queue-worker';
import type { EngineOptions } from './engine/engine.module';
import { bodyParsers } from './common/body-parsers';
import { inputGuard } from './common/input-guard';
import { requestLog } from './common/request-log';
import { PinoNestLogger } from './common/nest-logger';
import { webApp } from './common/web-app';
import { ApiExceptionFilter } from './common/filters/api-exception.filter';
import { withErrorResponses } from './common/openapi';
import { ResponseCheckInterceptor } from './common/response-check';

export interface FlowbridgeApp {
  app: NestExpressApplication;
  worker: QueueWorker;
}

/** Fails at start on a list Express cannot read, rather than trusting nothing (or everything) silently. */
function trustedProxies(setting: string | false): string[] | false {
  if (setting === false) return false;
  const entries = setting.split(',').map((entry) => entry.trim()).filter(Boolean);
  try {
    proxyAddr.compile(entries);
  } catch (error) {
    throw new Error(`FLOWBRIDGE_TRUST_PROXY: ${(error as Error).message} (expected addresses or CIDRs, comma-separated, or loopback, linklocal, uniquelocal)`);
  }
  return entries;
}

/** Builds the application without listening, so main.ts and the e2e tests boot the same thing. */
export async function createFlowbridgeApp(config: AppConfig, options: EngineOptions = {}): Promise<FlowbridgeApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    // Nest's own messages go through pino like the rest; its info chatter (route maps) is debug there.
    logger: new PinoNestLogger(),
  });
  app.set('trust proxy', trustedProxies(config.trustProxy));
  app.disable('x-powered-by');
  app.use(requestLog);
  app.use(helmet());
  app.use(cookieParser());
  for (const parser of bodyParsers(config.bodyLimitBytes)) app.use(parser);
  app.use(inputGuard);
  app.useGlobalFilters(new ApiExceptionFilter());
  if (config.checkResponses) app.useGlobalInterceptors(new ResponseCheckInterceptor(app.get(Reflector)));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Flowbridge API').setVersion('0.1.0').addBearerAuth().addCookieAuth('fb_session').build());
  withErrorResponses(document as never);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  for (const handler of webApp()) app.use(handler);
  // Postgres went away while the modules started (seeding calendars, say): nothing is left open
  // for main.ts to leak when it tries again.
  await app.init().catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    throw error;
  });
  return { app, worker: app.get(QueueWorker) };
}
