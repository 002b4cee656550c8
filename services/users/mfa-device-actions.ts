import type { ServiceSchema } from 'moleculer';
import type { StaticTokensRequest, TotpConfirmRequest, TotpDeviceRequest } from '../../schemas/types.ts';
import { IdpError } from '../kernel/errors.ts';
import { byKey, INTEGER_PK, keyWithData, UUID_PK } from '../kernel/params.ts';
import { forkEm, type ServiceDeps } from '../kernel/service-deps.ts';
import { refRequiring } from '../kernel/validator.ts';
import { remainingStaticTokens, replaceStaticTokens } from './static-tokens.ts';
import { TotpDevice } from './totp-device.entity.ts';
import { acceptTotpCode, enrolTotpDevice, findTotpDevice, serializeTotpDevice } from './totp-devices.ts';
import { findUser } from './user.repository.ts';

const byUser = byKey('pk', INTEGER_PK);
const byDevice = { type: 'object', properties: { pk: INTEGER_PK, device: UUID_PK }, required: ['pk', 'device'], additionalProperties: false };
const confirmParams = {
  type: 'object',
  properties: { pk: INTEGER_PK, device: UUID_PK, data: refRequiring('totp-confirm-request', ['code']) },
  required: ['pk', 'device', 'data'],
  additionalProperties: false,
};

/** Admin actions on a user's second factors: TOTP devices (enrol, confirm, list, delete) and recovery codes. */
export function mfaDeviceActions(deps: ServiceDeps): ServiceSchema['actions'] {
  return {
    enrolTotp: {
      params: keyWithData('pk', INTEGER_PK, 'totp-device-request'),
      async handler(ctx) {
        const { pk, data } = ctx.params as { pk: number; data: TotpDeviceRequest };
        return forkEm(deps).transactional(async (em) => enrolTotpDevice(em, await findUser(em, pk), data.name ?? 'TOTP'));
      },
    },
    listTotp: {
      params: byUser,
      async handler(ctx) {
        const { pk } = ctx.params as { pk: number };
        const em = forkEm(deps);
        await findUser(em, pk);
        return (await em.find(TotpDevice, { user: pk }, { orderBy: { created: 'asc', pk: 'asc' } })).map((d) => serializeTotpDevice(d));
      },
    },
    confirmTotp: {
      params: confirmParams,
      async handler(ctx) {
        const { pk, device, data } = ctx.params as { pk: number; device: string; data: TotpConfirmRequest };
        const em = forkEm(deps);
        const found = await findTotpDevice(em, pk, device);
        if (!(await acceptTotpCode(em, found, data.code, { confirm: true }))) {
          throw new IdpError('invalid_mfa_code', {
            detail: 'The code does not match this device: enter the current code (the device clock must be right; each code works once).',
            errors: [{ pointer: '/code', message: 'does not match the device' }],
          });
        }
        await em.refresh(found);
        return serializeTotpDevice(found);
      },
    },
    removeTotp: {
      params: byDevice,
      async handler(ctx) {
        const { pk, device } = ctx.params as { pk: number; device: string };
        await forkEm(deps).transactional(async (em) => {
          em.remove(await findTotpDevice(em, pk, device));
          await em.flush();
        });
        return { pk, device };
      },
    },
    createStaticTokens: {
      params: keyWithData('pk', INTEGER_PK, 'static-tokens-request'),
      async handler(ctx) {
        const { pk, data } = ctx.params as { pk: number; data: StaticTokensRequest };
        return forkEm(deps).transactional(async (em) => {
          await findUser(em, pk);
          return { tokens: await replaceStaticTokens(em, pk, data.count ?? 10) };
        });
      },
    },
    staticTokenStatus: {
      params: byUser,
      async handler(ctx) {
        const { pk } = ctx.params as { pk: number };
        const em = forkEm(deps);
        await findUser(em, pk);
        return { remaining: await remainingStaticTokens(em, pk) };
      },
    },
  };
}
