export { SettingsStore, StoredSettingsSchema, type StoredSettings, type SettingsListener } from './settings-store';
export { JsonFile } from './json-file';
