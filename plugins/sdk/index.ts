export type { InstanceContext, Labels, Logger, Metrics, ProviderContext } from './context.ts';
export type { Directory, DirectoryGroup, DirectoryUser, PropertyMapping } from './directory.ts';
export { defineErrors, isPluginError, PluginError, type ErrorDefinition, type RemoteFailure } from './errors.ts';
export type { Link, LinksStore, ObjectKind, ObjectRef } from './links.ts';
export {
  definePlugin, defineProviderType,
  type ChangeEvent, type ConfigProblem, type EventInterest, type HealthResult, type JsonSchema, type MappingSubject, type MappingType, type Plugin, type PolicyFacts, type PolicyType,
  type ProviderInstance, type ProviderType, type SourceInstance, type SourceType, type SyncOutcome, type SyncResult,
} from './plugin.ts';
export { SDK_VERSION } from './version.ts';
export { createTestContext, type TestContextRecord } from './test-context.ts';
