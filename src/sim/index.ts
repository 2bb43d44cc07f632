export { startSimulator } from './server';
export { generateDataset, SIZES } from './generate';
export { loadFixtureFile, fixtureFileSchema } from './fixture';
export { parseFaults } from './faults';
export { generatePrivateKey, allScopes, readOnlyScopes } from './keys';
export { reportingHandlers } from './reporting/index';
export { simChangeLog, simAppliedWrites, type SimChange, type SimAppliedWrite } from './write-items';
/** a stored resource as the API serves it (additional-only attributes stripped unless asked for) */
export { serialize as servedResource } from './read';
export { errorResponse, SimHttpError, invalidBody, invalidParam, notFound } from './errors';
// spec-validator (ajv, a dev dependency) is deliberately not re-exported: the app ships this module for its demo.
export type * from './types';
