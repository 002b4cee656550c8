import type { EntityManager } from '@mikro-orm/sql';
import type { TotpDevice as TotpDeviceDto } from '../../schemas/types.ts';
import { notFound } from '../kernel/errors.ts';
import { generateSecret, matchStep, otpauthUrl, TOTP_DEFAULTS } from './totp.ts';
import { TotpDevice, type TotpDeviceEntity } from './totp-device.entity.ts';
import type { UserEntity } from './user.entity.ts';

/** The issuer authenticator apps show beside the account name. */
export const TOTP_ISSUER = 'idp-core';

/** Steps either side of now whose codes are accepted, for clock drift and typing time. */
const WINDOW = 1;

/** A device as the API shows it: never the secret, except in the enrolment response. */
export function serializeTotpDevice(d: TotpDeviceEntity, enrolment?: { secret: string; config_url: string }): TotpDeviceDto {
  return { pk: d.pk, name: d.name, confirmed: d.confirmed, created: d.created.toISOString(), ...enrolment };
}

/** Stores an unconfirmed device with a new secret; the secret and its URL are returned this once. */
export async function enrolTotpDevice(em: EntityManager, user: UserEntity, name: string): Promise<TotpDeviceDto> {
  const secret = generateSecret();
  const device = em.create(TotpDevice, { user, name, secret, ...TOTP_DEFAULTS } as never) as TotpDeviceEntity;
  await em.flush();
  return serializeTotpDevice(device, { secret, config_url: otpauthUrl(TOTP_ISSUER, user.username, secret) });
}

/** One of the user's devices; 404 for an unknown one or another user's. */
export async function findTotpDevice(em: EntityManager, userPk: number, pk: string): Promise<TotpDeviceEntity> {
  const device = await em.findOne(TotpDevice, { pk, user: userPk });
  if (!device) throw notFound('TOTP device', pk);
  return device;
}

/**
 * Accepts a code of one device: finds its time step (after the last one accepted) and records it. The conditional
 * update is what makes a code single use: of two racing uses of one code, only the first updates the row.
 */
export async function acceptTotpCode(em: EntityManager, device: TotpDeviceEntity, code: string, opts: { confirm?: boolean; nowMs?: number } = {}): Promise<boolean> {
  const step = matchStep(device.secret, code, opts.nowMs ?? Date.now(), { digits: device.digits, period: device.period, algorithm: device.algorithm, window: WINDOW, afterStep: device.last_counter });
  if (step === null) return false;
  const rows = await em.execute<{ pk: string }[]>(
    `update authenticators_totp_device set last_counter = ?, confirmed = confirmed or ?
      where pk = ? and (last_counter is null or last_counter < ?) returning pk`,
    [step, opts.confirm ?? false, device.pk, step],
  );
  return rows.length === 1;
}

/** Whether a code belongs to one of the user's confirmed devices; the first device it fits consumes it. */
export async function verifyTotpCode(em: EntityManager, userPk: number, code: string, nowMs = Date.now()): Promise<boolean> {
  for (const device of await em.find(TotpDevice, { user: userPk, confirmed: true }, { orderBy: { created: 'asc' } })) {
    if (await acceptTotpCode(em, device, code, { nowMs })) return true;
  }
  return false;
}
