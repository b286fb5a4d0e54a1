import { Inject, Injectable } from '@nestjs/common';
import { InputError, isSecretParam, mapSecretParams, SECRET_IS_SET, secretParamNames, type FieldMap, type FlowGraph } from '@flowbridge/nodes/sdk';
import { NodeCatalog } from '../node-catalog';
import { CREDENTIAL_CIPHER, type CredentialCipher } from './credential-cipher';

/**
 * Secret params (`f.secret`) at rest and in flight: sealed with the credentials key when a draft is
 * saved, shown as set, dropped from exports, and opened only where a run needs them.
 */
@Injectable()
export class SecretParams {
  constructor(private readonly catalog: NodeCatalog, @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher) {}

  private readonly secretsOf = (type: string): string[] => {
    const def = this.catalog.get(type);
    return def ? secretParamNames(def.definition.params as FieldMap) : [];
  };

  /** New values are encrypted; the "set" marker keeps what the previous draft held for that node. */
  seal(graph: FlowGraph, previous?: FlowGraph): FlowGraph {
    const before = new Map(previous?.nodes.map((n) => [n.id, n.params]) ?? []);
    return mapSecretParams(graph, this.secretsOf, (value, node, name) => {
      if (typeof value === 'string') return value === '' ? undefined : { $secret: this.cipher.encrypt({ value }) };
      if (isSecretParam(value) && value.$secret === SECRET_IS_SET) {
        const kept = before.get(node.id)?.[name];
        return isSecretParam(kept) && kept.$secret !== SECRET_IS_SET ? kept : undefined;
      }
      if (value === undefined || value === null) return undefined;
      throw new InputError(`Param '${node.id}.${name}' is secret: send a new value as text, or {"$secret": "set"} to keep the saved one`, { field: `${node.id}.${name}` });
    });
  }

  /** What an API answer may show. */
  mask(graph: FlowGraph): FlowGraph {
    return mapSecretParams(graph, this.secretsOf, () => ({ $secret: SECRET_IS_SET }));
  }

  /** What an export carries: nothing. */
  strip(graph: FlowGraph): FlowGraph {
    return mapSecretParams(graph, this.secretsOf, () => undefined);
  }

  /** What a run uses: the plain values, in memory only. */
  reveal(graph: FlowGraph): FlowGraph {
    return mapSecretParams(graph, this.secretsOf, (value) => (isSecretParam(value) && value.$secret !== SECRET_IS_SET ? this.cipher.decrypt(value.$secret).value : undefined));
  }
}
