export * from './workspaces';
export * from './settings';
