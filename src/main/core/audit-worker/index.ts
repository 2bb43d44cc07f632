/** Evaluating audits and reading their figures off the thread that answers the screens. */
export { AuditWorker } from './host';
export { inThreadAuditRunner } from './in-thread';
export type { AuditAnswer, AuditJob, AuditRunner } from './protocol';
