import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles';

@ApiTags('health')
@Controller('api/health')
@Public()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Database and queue reachability' })
  async health(@Res() res: Response) {
    const check = async (sql: string) => this.dataSource.query(sql).then(() => 'ok', (e: Error) => `error: ${e.message}`);
    const db = await check('select 1');
    const queue = await check('select 1 from graphile_worker.jobs limit 1');
    const ok = db === 'ok' && queue === 'ok';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', db, queue });
  }
}
