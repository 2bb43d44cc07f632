import { throughSyncSuite } from './fixtures/through-sync-suite';

throughSyncSuite('lists, forms, revenue, account, sync', [
  'L1',
  'L2',
  'L3',
  'L4',
  'L5',
  'L6',
  'L7',
  'L8',
  'FM1',
  'FM2',
  'FM3',
  'FM4',
  'R1',
  'R2',
  'A1',
  'A2',
  'T1',
  'S1',
  'S2',
]);
