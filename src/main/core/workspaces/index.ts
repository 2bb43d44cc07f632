export * from './workspaces';
export * from './workspace-settings';
