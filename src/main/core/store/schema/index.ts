/**
 * The whole schema, split per domain. drizzle-kit reads this file (see drizzle.config.ts).
 */
export * from './workspaces';
export * from './inventory';
export * from './sync';
export * from './history';
export * from './audit';
export * from './outbox';
export * from './findings';
export * from './trends';
export * from './reports';
export * from './branding';
export * from './sizes';
