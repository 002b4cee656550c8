/** A SCIM source's configuration (source-config.schema.json), with its defaults filled in by the host. */
export interface ScimSourceConfig {
  on_delete: 'delete' | 'deactivate';
  adopt_existing: boolean;
}
