import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';
import { entities } from './entities';

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    // Schema changes go through migrations/ only.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize },
  };
}
