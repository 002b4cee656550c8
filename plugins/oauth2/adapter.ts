import { errors } from 'oidc-provider';
import type { RecordStore, StoredRecord } from '../sdk/index.ts';

type Payload = Record<string, unknown>;

/**
 * oidc-provider's storage adapter over the host's record store (PostgreSQL through MikroORM): one record kind per
 * oidc-provider model, ids prefixed with the provider's pk so issuers never see each other's sessions or tokens.
 * A consumed record comes back with `consumed` set (an epoch), which is how oidc-provider detects a reused code or
 * refresh token; the store's `consume` is atomic, so two replicas cannot both redeem one code.
 */
export function adapterFor(store: RecordStore, providerPk: number) {
  const prefix = `${providerPk}:`;
  const own = (record: StoredRecord | undefined) => (record && record.id.startsWith(prefix) ? record : undefined);
  const toPayload = (record: StoredRecord | undefined): Payload | undefined => {
    if (!record) return undefined;
    return record.consumedAt ? { ...record.payload, consumed: Math.floor(record.consumedAt.getTime() / 1000) } : record.payload;
  };
  return class RecordAdapter {
    readonly kind: string;

    constructor(model: string) {
      this.kind = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      const { grantId, uid, userCode } = payload as { grantId?: string; uid?: string; userCode?: string };
      await store.put(this.kind, prefix + id, payload, { ...(expiresIn ? { expiresIn } : {}), ...(grantId ? { grantId } : {}), ...(uid ? { uid } : {}), ...(userCode ? { userCode } : {}) });
    }

    async find(id: string) {
      return toPayload(await store.get(this.kind, prefix + id));
    }

    async findByUid(uid: string) {
      return toPayload(own(await store.findBy(this.kind, 'uid', uid)));
    }

    async findByUserCode(userCode: string) {
      return toPayload(own(await store.findBy(this.kind, 'userCode', userCode)));
    }

    /** A second redemption (a race between replicas) fails as a reuse does: the grant is revoked. */
    async consume(id: string) {
      if (await store.consume(this.kind, prefix + id)) return;
      const grantId = (await store.get(this.kind, prefix + id))?.payload.grantId;
      if (typeof grantId === 'string') await store.removeGrant(grantId);
      throw new errors.InvalidGrant(`${this.kind === 'RefreshToken' ? 'refresh token' : 'authorization code'} already used`);
    }

    async destroy(id: string) {
      await store.remove(this.kind, prefix + id);
    }

    async revokeByGrantId(grantId: string) {
      await store.removeGrant(grantId);
    }
  };
}
