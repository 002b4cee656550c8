import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import type { RecordStore, StoredRecord } from '../sdk/index.ts';

const KIND = 'signing-key';
/** A new key is published this long before it signs, so every replica has re-read the key set first. */
export const PUBLISH_AHEAD_MS = 10_000;

interface KeyPayload {
  jwk: JsonWebKey & { kid: string };
  generation: number;
  activeFrom: number;
}

export interface KeySet {
  /** The signing key first, then every other published key. */
  jwks: { keys: (JsonWebKey & { kid: string })[] };
  /** Changes whenever the set or the signing key does. */
  version: string;
}

const payloadOf = (r: StoredRecord) => r.payload as unknown as KeyPayload;
const byAge = (a: StoredRecord, b: StoredRecord) => payloadOf(a).generation - payloadOf(b).generation;

async function addKey(store: RecordStore, providerPk: number, generation: number, activeFrom: number) {
  const kid = randomBytes(12).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const payload: KeyPayload = { jwk, generation, activeFrom };
  await store.add(KIND, `${providerPk}:${String(generation).padStart(8, '0')}`, payload as unknown as Record<string, unknown>);
}

/**
 * A provider's RS256 keys, rotated every `rotationMs`: generation n+1 is published PUBLISH_AHEAD_MS before it signs,
 * generation n stays published for one more period (ID tokens it signed stay verifiable) and older ones are removed.
 * Each generation has one id, so of replicas rotating at once only the first adds its key and all use that one.
 */
export async function currentKeys(store: RecordStore, providerPk: number, rotationMs: number, now = Date.now()): Promise<KeySet> {
  let records = (await store.list(KIND, `${providerPk}:`)).sort(byAge);
  const newest = records.at(-1);
  if (!newest) await addKey(store, providerPk, 1, now);
  else if (payloadOf(newest).activeFrom + rotationMs <= now) await addKey(store, providerPk, payloadOf(newest).generation + 1, now + PUBLISH_AHEAD_MS);
  if (!newest || payloadOf(newest).activeFrom + rotationMs <= now) records = (await store.list(KIND, `${providerPk}:`)).sort(byAge);
  const active = records.filter((r) => payloadOf(r).activeFrom <= now);
  const signingGeneration = active.length ? payloadOf(active.at(-1)!).generation : payloadOf(records[0]).generation;
  const signing = records.find((r) => payloadOf(r).generation === signingGeneration)!;
  for (const old of records.filter((r) => payloadOf(r).generation < signingGeneration - 1)) await store.remove(KIND, old.id);
  const published = records.filter((r) => payloadOf(r).generation >= signingGeneration - 1 && r !== signing);
  return { jwks: { keys: [signing, ...published].map((r) => payloadOf(r).jwk) }, version: [signing, ...published].map((r) => r.id).join(',') };
}
