import type { FigureKey } from './evidence-words';
import type { RuleId } from './rule-titles';

/**
 * What each rule records as evidence: the figures it may put on a finding or on an item behind it, and the
 * period its performance figures cover. The rule definitions take this from here (as they take their titles),
 * and the audit tests check that no rule records a figure it has not declared, so the reports' check for internal
 * keys covers every figure a rule can write. A figure is a key of the evidence words, so it has a name in every
 * language by type.
 */
export type RuleEvidence = {
  figures: readonly FigureKey[];
  /** days the rule's performance figures cover, for a report's "last N days"; absent when it reads no figures */
  windowDays?: number;
};

// the figures of a flow's role rules (F1, F3, F4, F6–F10, F16): the flows judged, with their state
const FLOW_STATE: readonly FigureKey[] = ['status', 'archived', 'liveEmails'];

export const ruleEvidence: Record<RuleId, RuleEvidence> = {
  F1: { figures: FLOW_STATE },
  F2: { figures: ['liveEmails', 'firstDelayMinutes'] },
  F3: { figures: FLOW_STATE },
  F4: { figures: FLOW_STATE },
  F5: { figures: ['smartSendingEmails'] },
  F6: { figures: FLOW_STATE },
  F7: { figures: FLOW_STATE },
  F8: { figures: FLOW_STATE },
  F9: { figures: FLOW_STATE },
  F10: { figures: FLOW_STATE },
  F11: { figures: ['status', 'messagesNotLive'] },
  F12: { figures: ['recipients30d', 'revenue30d'], windowDays: 30 },
  F13: { figures: ['dailyBefore', 'dailyRecent', 'drop'] },
  F14: { figures: ['daysSinceEdit'] },
  F15: { figures: ['recipients90d', 'conversionRate', 'clickRate', 'openRate'], windowDays: 90 },
  F16: { figures: FLOW_STATE },
  M1: { figures: ['baselinePerDay', 'last72h'] },
  C1: { figures: ['sent90d', 'perWeek', 'longestGapDays'], windowDays: 90 },
  C2: { figures: ['campaigns', 'toEngagedSegments', 'engagedShare', 'fullListSends'] },
  C3: { figures: ['spamRate', 'delivered'], windowDays: 90 },
  C4: { figures: ['bounceRate', 'delivered'], windowDays: 90 },
  C5: { figures: ['unsubscribeRate', 'delivered'], windowDays: 90 },
  C6: { figures: ['clickRate', 'delivered', 'openRateSecondary'], windowDays: 90 },
  C7: { figures: ['revenuePerRecipient', 'currency', 'recipients'], windowDays: 90 },
  D1: { figures: ['spf', 'dkim', 'dmarc', 'dmarcPolicy', 'sendingDomain'] },
  D2: { figures: [] },
  D3: { figures: ['delivered', 'spamRate', 'bounceRate', 'unsubscribeRate'], windowDays: 30 },
  L1: { figures: ['profileCount', 'engagedDays'] },
  L2: { figures: ['engaged90', 'emailable', 'share', 'profileCount'] },
  L3: { figures: ['suppressed', 'emailable', 'suppressionRate', 'profileCount', 'count'] },
  L4: { figures: ['profileCount'] },
  L5: { figures: ['profileCount'] },
  L6: { figures: ['profileCount', 'isActive', 'isProcessing'] },
  L7: { figures: ['before', 'now', 'swing'] },
  L8: { figures: ['lists', 'singleOptIn', 'optIn'] },
  FM1: { figures: [] },
  FM2: { figures: ['submitRate', 'views30d', 'submits30d'], windowDays: 30 },
  FM3: { figures: ['views30d', 'submits30d'], windowDays: 30 },
  FM4: { figures: ['mobileSubmitRate', 'desktopSubmitRate', 'ratio'] },
  R1: { figures: ['flowRevenue', 'campaignRevenue', 'flowShare'], windowDays: 90 },
  R2: { figures: ['attributed', 'storeRevenue', 'share'], windowDays: 30 },
  A1: { figures: ['industry'] },
  A2: { figures: ['testAccount'] },
  T1: { figures: ['checked', 'untagged'] },
  S1: { figures: ['hoursSinceSync'] },
  S2: { figures: ['missingScope'] },
};

/** Every figure some rule declares, once: the keys no report may print as they are. */
export const declaredFigureKeys = (): FigureKey[] => [
  ...new Set(Object.values(ruleEvidence).flatMap((e) => e.figures)),
];
