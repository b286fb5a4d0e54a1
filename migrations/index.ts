import { InitialSchema1763830000000 } from './1763830000000-initial-schema';

/** Every migration, oldest first. Listed explicitly so jest, the build and the CLI see the same set. */
export const migrations = [InitialSchema1763830000000];
