export { chooseStandard, creationCaps, standardPlan, type StandardSkip } from './plan';
export { resolveAudienceMetrics, standardAudience, STANDARD_NAMES } from './standard';
