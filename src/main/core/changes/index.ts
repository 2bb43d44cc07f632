export { changeSet, createChangeCounter, selectRuns, type ChangeQuery, type ChangesStore } from './change-set';
export { itemVersions } from './history';
export { writeChangesCsv, changeColumns } from './csv';
export { describeChange, signedDelta, type ChangeToDescribe } from './describe';
export { diffFields, type ItemContent } from './field-diff';
export { definitionMessages, stepOrder } from './flow-diff';
