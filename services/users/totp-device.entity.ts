import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidv7 } from '../kernel/uuid.ts';
import type { TotpAlgorithm } from './totp.ts';
import { User } from './user.entity.ts';

/**
 * A user's TOTP authenticator. The secret is stored as it is (base32), not hashed: verifying a code means computing
 * it from the secret. `last_counter` is the last time step accepted, so no code is accepted twice.
 */
export const TotpDevice = defineEntity({
  name: 'TotpDevice',
  tableName: 'authenticators_totp_device',
  properties: {
    pk: p.uuid().primary().onCreate(() => uuidv7()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    name: p.string().length(64),
    secret: p.string().length(64).hidden(),
    digits: p.integer().default(6),
    period: p.integer().default(30),
    algorithm: p.string().length(8).$type<TotpAlgorithm>().default('sha1'),
    confirmed: p.boolean().default(false),
    last_counter: p.bigint('number').nullable(),
    created: p.datetime().onCreate(() => new Date()),
  },
});

export type TotpDeviceEntity = InferEntity<typeof TotpDevice>;
