export {
  type SecretStore,
  type SecretStoreKind,
  type SecretStoreDescription,
  secretRefForWorkspace,
  validateRef,
  validateSecret,
  normalizeApiKey,
  requireSecret,
} from './secret-store';
export {
  KeychainSecretStore,
  DEFAULT_KEYCHAIN_SERVICE,
  type KeychainSecretStoreOptions,
  type KeychainFailureReason,
} from './keychain-store';
export { MemorySecretStore } from './memory-store';
export { EnvSecretStore, API_KEY_ENV_VAR, type EnvSecretStoreOptions } from './env-store';
export { selectSecretStore, type SecretStoreMode, type SelectSecretStoreOptions } from './select-store';
export {
  checkKey,
  KeyCheckResultSchema,
  ScopeProbeResultSchema,
  type KeyCheckResult,
  type ScopeProbeResult,
  type CheckKeyOptions,
} from './check-key';
export {
  buildScopeProbes,
  scopeProbeTargets,
  probedScopes,
  type ScopeProbe,
  type ScopeProbeTarget,
} from './scope-probes';
