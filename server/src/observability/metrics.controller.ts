import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/errors';
import { Public } from '../modules/auth/roles';
import { Metrics } from './metrics';

/**
 * Prometheus scrapes this. Open by default, as the health checks are; with
 * FLOWBRIDGE_METRICS_TOKEN set, only a scraper sending that Bearer token reads it.
 */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const token = this.config.metricsToken;
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'A Bearer token is required to read the metrics');
    res.type(this.metrics.registry.contentType).send(await this.metrics.render());
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
