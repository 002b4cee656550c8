import type { EntityManager } from '@mikro-orm/sql';
import type { ServedProvider } from '../../plugins/sdk/index.ts';

interface Row {
  pk: number;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  app_slug: string | null;
  app_name: string | null;
}

/** The providers of one type with their secrets and the application each is bound to, in id order. */
export async function servedProviders(em: EntityManager, type: string): Promise<ServedProvider<Record<string, unknown>>[]> {
  const rows = await em.execute<Row[]>(
    `select p.pk, p.name, p.config, p.secrets, a.slug as app_slug, a.name as app_name
       from providers_provider p left join core_application a on a.provider = p.pk
      where p.type = ? order by p.pk`,
    [type],
  );
  return rows.map((r) => ({
    id: r.pk, name: r.name, config: { ...r.config, ...r.secrets },
    application: r.app_slug === null ? null : { slug: r.app_slug, name: r.app_name ?? r.app_slug },
  }));
}
