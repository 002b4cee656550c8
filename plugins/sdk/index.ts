export type { InstanceContext, Labels, Logger, Metrics, ProviderContext, SourceContext } from './context.ts';
export type { Directory, DirectoryGroup, DirectoryUser, PropertyMapping } from './directory.ts';
export { defineErrors, isPluginError, PluginError, type ErrorDefinition, type RemoteFailure } from './errors.ts';
export type { Link, LinksStore, ObjectKind, ObjectRef } from './links.ts';
export {
  definePlugin, defineProviderType, defineSourceType, SOURCE_BODY_LIMIT,
  type ChangeEvent, type ConfigProblem, type EventInterest, type HealthResult, type JsonSchema, type MappingSubject, type MappingType, type Plugin, type PolicyFacts, type PolicyType,
  type ProviderInstance, type ProviderType, type SourceInstance, type SourceRequest, type SourceResponse, type SourceType, type SyncOutcome, type SyncResult,
} from './plugin.ts';
export { SDK_VERSION } from './version.ts';
export {
  defineServerType,
  type DirectoryChange, type Identity, type ListenOptions, type LiveDirectory, type MountedRequest, type MountedResponse, type RecordStore, type ServedProvider,
  type ServerContext, type ServerInstance, type ServerType, type SignInEvent, type StoredRecord,
} from './server.ts';
export { createTestContext, type TestContextRecord } from './test-context.ts';
export type { CompareOp, DocumentFilter, ElementFilter, FilterTarget, HostField, RelatedFilter, Relation, SortKey, ValueType } from './source-filter.ts';
export { isSourceStoreError, SourceStoreError, type RelatedObject, type SourceKind, type SourceObject, type SourceObjects, type SourceQuery, type SourceStoreErrorReason, type SourceUserFields, type SourceWrite } from './source-objects.ts';
export { ADDRESS_THROTTLE, Throttle, USER_THROTTLE, type ThrottlePolicy } from './throttle.ts';
export { compileJsonata, explainJsonata, isJsonataFunction } from './jsonata.ts';
export { backtrackingRisk } from './regex-guard.ts';
