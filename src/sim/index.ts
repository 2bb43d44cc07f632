export { startSimulator } from './server';
export { generateDataset, SIZES } from './generate';
export { loadFixtureFile, fixtureFileSchema } from './fixture';
export { parseFaults } from './faults';
export { generatePrivateKey, allScopes, readOnlyScopes } from './keys';
export { reportingHandlers } from './reporting/index';
export type * from './types';
