import { throughSyncSuite } from './fixtures/through-sync-suite';

throughSyncSuite('tracking, campaigns, deliverability', [
  'M1',
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'C6',
  'C7',
  'D1',
  'D2',
  'D3',
]);
