import type { Source as SourceDto } from '../../schemas/types.ts';
import type { SourceEntity } from './source.entity.ts';

/** A source as the API returns it; `token` only when it was just made. */
export const serializeSource = (s: SourceEntity, token?: string): SourceDto => ({
  ...s.config, pk: s.pk, name: s.name, slug: s.slug, type: s.type, enabled: s.enabled,
  service_account: s.user ? s.user.pk : null, base_url_path: `/source/${s.type}/${s.slug}/`,
  created: new Date(s.created).toISOString(), updated: new Date(s.updated).toISOString(),
  ...(token ? { token } : {}),
});
