import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CREDENTIALS_RESOLVER } from '../../engine/credentials';
import { CREDENTIAL_CIPHER, CredentialCipher } from '../../engine/secrets/credential-cipher';
import { ConnectionsService } from './connections.service';

/** Global so the engine can decrypt credentials for the nodes it runs, without importing HTTP code. */
@Global()
@Module({
  providers: [
    { provide: CREDENTIAL_CIPHER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new CredentialCipher(config.secretKey) },
    ConnectionsService,
    { provide: CREDENTIALS_RESOLVER, useExisting: ConnectionsService },
  ],
  exports: [ConnectionsService, CREDENTIALS_RESOLVER, CREDENTIAL_CIPHER],
})
export class ConnectionsModule {}
