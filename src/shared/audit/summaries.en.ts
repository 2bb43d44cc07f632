/**
 * The English sentence of every audit outcome, by message key (`<rule>.<status><Why>`; `audit.*` for what the
 * engine says about any rule). The core writes findings' `summary` from these, so CSV, PDF and the CLI read them.
 *
 * A key with a numeric `count` has plural forms: `_one` and `_other` here, `_one`, `_few`, `_many` and `_other` in
 * Polish. `{rate:3}` writes a number with exactly three decimals. Klaviyo's own words (metric names, statuses,
 * scopes, the names of flows and segments) arrive as parameters and are never translated.
 */
export const summariesEn = {
  'audit.cannotJudge.forbidden': 'Cannot judge: the API key lacks {scopes} for {resources}.',
  'audit.cannotJudge.forbiddenNoScope': 'Cannot judge: the API key lacks the scope for {resources}.',
  'audit.cannotJudge.partial': 'Cannot judge: the last sync of {resources} did not complete.',
  'audit.cannotJudge.notSynced': 'Cannot judge: {resources} were not synced.',
  'audit.cannotJudge.several': 'Cannot judge: {resources} could not be read (a missing scope or an unfinished sync).',
  'audit.couldNotEvaluate': 'Could not evaluate: {error}',

  'F1.pass_one': '{count} live Welcome flow.',
  'F1.pass_other': '{count} live Welcome flows.',
  'F1.failNotLive': 'A Welcome flow exists but none is live ({flows}).',
  'F1.failMissing': 'No Welcome flow found.',

  'F2.unknownNoLive': 'No live Welcome flow to judge (see F1).',
  'F2.unknownNoDefinition': 'The Welcome flow definition was not synced, so its emails cannot be counted.',
  'F2.failFewEmails_one': '{flow} has {count} live email; at least {min} expected.',
  'F2.failFewEmails_other': '{flow} has {count} live emails; at least {min} expected.',
  'F2.failSlowStart_one': '{flow} waits {count} minute before its first email.',
  'F2.failSlowStart_other': '{flow} waits {count} minutes before its first email.',
  'F2.pass_one': '{flow} has {emails} live emails, first after {count} minute.',
  'F2.pass_other': '{flow} has {emails} live emails, first after {count} minutes.',

  'F3.failNotLive': 'A Checkout abandonment flow exists but none is live ({flows}).',
  'F3.failMissing': 'No Checkout abandonment flow found.',
  'F3.unknownTriggers': 'Trigger metrics of some flows could not be resolved.',
  'F3.unknownNoDefinition': 'The checkout flow definition was not synced.',
  'F3.failFewEmails_one': 'The checkout-abandonment flow has only {count} live email.',
  'F3.failFewEmails_other': 'The checkout-abandonment flow has only {count} live emails.',
  'F3.pass_one': 'Live checkout-abandonment flow with {count} live email.',
  'F3.pass_other': 'Live checkout-abandonment flow with {count} live emails.',

  'F4.unknownNoLive': 'No live abandonment flow to check.',
  'F4.unknownNoDefinitions': 'Flow definitions were not synced; filters cannot be read.',
  'F4.unknownNoPlacedOrder': 'The account has no Placed Order metric, so the buyer exclusion cannot be checked.',
  'F4.fail_one': '{count} of {total} abandonment flows does not exclude buyers.',
  'F4.fail_other': '{count} of {total} abandonment flows do not exclude buyers.',
  'F4.failAll_one': 'The only abandonment flow does not exclude buyers.',
  'F4.failAll_other': 'None of the {count} abandonment flows excludes buyers.',
  'F4.pass_one': 'The only abandonment flow excludes buyers.',
  'F4.pass_other': 'All {count} abandonment flows exclude buyers.',

  'F5.unknownNoLive': 'No live cart/checkout abandonment flow.',
  'F5.unknownNoDefinitions': 'Flow definitions were not synced.',
  'F5.fail_one': 'Smart Sending is on for {count} abandonment email.',
  'F5.fail_other': 'Smart Sending is on for {count} abandonment emails.',
  'F5.pass': 'Smart Sending is off on all cart/checkout abandonment emails.',

  'F6.pass_one': '{count} live Browse abandonment flow.',
  'F6.pass_other': '{count} live Browse abandonment flows.',
  'F6.failNotLive': 'A Browse abandonment flow exists but none is live ({flows}).',
  'F6.failMissing': 'No Browse abandonment flow found.',
  'F6.unknownTriggers': 'Trigger metrics of some flows could not be resolved.',

  'F7.pass_one': '{count} live Added-to-cart abandonment flow.',
  'F7.pass_other': '{count} live Added-to-cart abandonment flows.',
  'F7.failNotLive': 'An Added-to-cart abandonment flow exists but none is live ({flows}).',
  'F7.failMissing': 'No Added-to-cart abandonment flow found.',
  'F7.unknownTriggers': 'Trigger metrics of some flows could not be resolved.',

  'F8.failNotLive': 'A Post-purchase flow exists but none is live ({flows}).',
  'F8.failMissing': 'No Post-purchase flow found.',
  'F8.unknownTriggers': 'Trigger metrics of some flows could not be resolved.',
  'F8.unknownNoDefinition': 'The post-purchase flow definition was not synced.',
  'F8.failFewEmails_one': 'The post-purchase flow has {count} live email.',
  'F8.failFewEmails_other': 'The post-purchase flow has {count} live emails.',
  'F8.pass_one': 'Live post-purchase flow with {count} email.',
  'F8.pass_other': 'Live post-purchase flow with {count} emails.',

  'F9.pass_one': '{count} live Winback flow.',
  'F9.pass_other': '{count} live Winback flows.',
  'F9.failNotLive': 'A Winback flow exists but none is live ({flows}).',
  'F9.failMissing': 'No Winback flow found.',

  'F10.pass_one': '{count} live Sunset flow.',
  'F10.pass_other': '{count} live Sunset flows.',
  'F10.failNotLive': 'A Sunset flow exists but none is live ({flows}).',
  'F10.failMissing': 'No Sunset flow found.',
  'F10.failSegment': 'The sunset flow is triggered by a segment that is inactive or missing.',

  'F11.failDormant_one': '{count} core flow is in draft or manual.',
  'F11.failDormant_other': '{count} core flows are in draft or manual.',
  'F11.failPartial_one': '{count} live flow is only partially live.',
  'F11.failPartial_other': '{count} live flows are only partially live.',
  'F11.unknownNoDefinitions':
    'Core flows are live, but message statuses need the flow definitions, which were not synced.',
  'F11.pass_one': 'The only core flow is live and fully switched on.',
  'F11.pass_other': 'All {count} core flows are live and fully switched on.',

  'F12.unknownNotFetched': 'Flow performance for the last 30 days has not been fetched yet.',
  'F12.unknownNoOldFlows': 'No live flow older than 30 days.',
  'F12.fail_one': '{count} live flow had no recipients or no revenue in 30 days.',
  'F12.fail_other': '{count} live flows had no recipients or no revenue in 30 days.',
  'F12.pass_one': 'The only live flow had recipients and revenue in 30 days.',
  'F12.pass_other': 'All {count} live flows had recipients and revenue in 30 days.',

  'F13.unknownNotFetched': 'Flow series have not been fetched yet.',
  'F13.unknownShortSeries_one': 'The series covers {count} day; {needed} are needed.',
  'F13.unknownShortSeries_other': 'The series covers {count} days; {needed} are needed.',
  'F13.unknownSmallSample': 'No live flow has enough volume to judge a drop (sample too small).',
  'F13.fail_one': '{count} flow dropped by up to {drop}%.',
  'F13.fail_other': '{count} flows dropped by up to {drop}%.',
  'F13.pass_one': 'Volume steady on {count} flow.',
  'F13.pass_other': 'Volume steady on {count} flows.',

  'F14.unknownNoLive': 'No live flows.',
  'F14.failOld_one': '{count} live flow not edited for over a year.',
  'F14.failOld_other': '{count} live flows not edited for over a year.',
  'F14.failStale_one': '{count} live flow not edited for 6–12 months.',
  'F14.failStale_other': '{count} live flows not edited for 6–12 months.',
  'F14.pass_one': 'The only live flow was edited in the last 6 months.',
  'F14.pass_other': 'All {count} live flows were edited in the last 6 months.',

  'F15.unknownNotFetched': 'Flow performance for the last 90 days has not been fetched yet.',
  'F15.unknownSmallSample': 'No flow has enough deliveries to judge (sample too small).',
  'F15.fail_one': '{count} of {total} flows below the median placed-order or click rate.',
  'F15.fail_other': '{count} of {total} flows below the median placed-order or click rate.',
  'F15.failAll_one': 'The only flow judged is below the median placed-order or click rate.',
  'F15.failAll_other': 'All {count} flows are below the median placed-order or click rate.',
  'F15.pass_one': 'The only flow judged is at or above benchmark.',
  'F15.pass_other': 'All {count} flows at or above benchmark.',

  'F16.unknownNoLive': 'No live, non-transactional flows.',
  'F16.unknownNoDefinitions': 'Flow definitions were not synced.',
  'F16.fail_one': '{count} live flow sends only one email.',
  'F16.fail_other': '{count} live flows send only one email.',
  'F16.pass': 'No single-email flows.',

  'M1.unknownNotFetched': 'Daily event counts have not been fetched yet.',
  'M1.unknownShortSeries_one': 'Only {count} day of counts.',
  'M1.unknownShortSeries_other': 'Only {count} days of counts.',
  'M1.unknownSmallSample': 'No trigger metric had steady volume to judge (sample too small).',
  'M1.fail': '{metrics} recorded no events in the last 72 hours.',
  'M1.pass_one': '{count} trigger metric recording normally.',
  'M1.pass_other': '{count} trigger metrics recording normally.',

  'C1.failNone': 'No email campaign sent in the last 90 days.',
  'C1.failGap_one': 'A gap of {count} day without campaigns.',
  'C1.failGap_other': 'A gap of {count} days without campaigns.',
  'C1.failTooFew': '{perWeek:1} campaigns per week is below one a week.',
  'C1.failTooMany': '{perWeek:1} campaigns per week is more than one a day.',
  'C1.pass_one': '{perWeek:1} campaigns per week, longest gap {count} day.',
  'C1.pass_other': '{perWeek:1} campaigns per week, longest gap {count} days.',

  'C2.unknownNoCampaigns': 'No campaigns sent in the last 90 days.',
  'C2.unknownUnmapped': 'Campaign audiences could not be mapped to lists or segments.',
  'C2.failFewEngaged': 'Only {share}% of campaigns went to engaged segments.',
  'C2.failFullList_one': '{count} campaign went to a full list without excluding unengaged profiles.',
  'C2.failFullList_other': '{count} campaigns went to a full list without excluding unengaged profiles.',
  'C2.pass': '{share}% of campaigns went to engaged segments; no full-list sends.',

  'C3.unknownNotFetched': 'Campaign performance has not been fetched yet.',
  'C3.unknownFewDelivered_one': 'Only {count} campaign email delivered; at least {min} are needed to judge.',
  'C3.unknownFewDelivered_other': 'Only {count} campaign emails delivered; at least {min} are needed to judge.',
  'C3.fail': 'Campaign spam rate {rate:3}% over the window.',
  'C3.pass': 'Campaign spam rate {rate:3}% is within bounds.',

  'C4.unknownNotFetched': 'Campaign performance has not been fetched yet.',
  'C4.unknownFewDelivered_one': 'Only {count} campaign email delivered; at least {min} are needed to judge.',
  'C4.unknownFewDelivered_other': 'Only {count} campaign emails delivered; at least {min} are needed to judge.',
  'C4.unknownNoRate': 'Klaviyo reported deliveries but no recipients, so the bounce rate cannot be computed.',
  'C4.fail': 'Campaign bounce rate {rate:3}% over the window.',
  'C4.pass': 'Campaign bounce rate {rate:3}% is within bounds.',

  'C5.unknownNotFetched': 'Campaign performance has not been fetched yet.',
  'C5.unknownFewDelivered_one': 'Only {count} campaign email delivered; at least {min} are needed to judge.',
  'C5.unknownFewDelivered_other': 'Only {count} campaign emails delivered; at least {min} are needed to judge.',
  'C5.fail': 'Campaign unsubscribe rate {rate:3}% over the window.',
  'C5.pass': 'Campaign unsubscribe rate {rate:3}% is within bounds.',

  'C6.unknownNotFetched': 'Campaign performance has not been fetched yet.',
  'C6.unknownFewDelivered_one': 'Only {count} campaign email delivered; at least {min} are needed to judge.',
  'C6.unknownFewDelivered_other': 'Only {count} campaign emails delivered; at least {min} are needed to judge.',
  'C6.fail': 'Campaign click rate {rate:3}% over the window.',
  'C6.pass': 'Campaign click rate {rate:3}% is within bounds.',

  'C7.unknownNotFetched': 'Campaign performance has not been fetched yet.',
  'C7.unknownFewRecipients_one': 'Only {count} campaign recipient; too few to judge.',
  'C7.unknownFewRecipients_other': 'Only {count} campaign recipients; too few to judge.',
  'C7.fail': 'Campaign RPR {rpr:3} {currency} is below the 0.11 USD average.',
  'C7.failOtherCurrency':
    'Campaign RPR {rpr:3} {currency} is below the 0.11 USD average (benchmark is in USD; account currency differs).',
  'C7.pass': 'Campaign RPR {rpr:3} {currency}.',
  'C7.passOtherCurrency': 'Campaign RPR {rpr:3} {currency} (benchmark is in USD; account currency differs).',

  'D1.unknownNotAnswered': 'Not answered yet: enter the SPF/DKIM/DMARC results in the audit page (manual check).',
  'D1.unknownSomeUnknown': 'Some authentication answers are still "unknown".',
  'D1.fail': '{checks} failing for the sending domain.',
  'D1.pass': 'SPF, DKIM and DMARC pass (p={policy}).',

  'D2.unknownNotAnswered': 'Not answered yet: say in the audit page whether a branded sending domain is set up.',
  'D2.fail': 'Email goes out from the shared Klaviyo domain.',
  'D2.pass': 'A branded sending domain is in use.',

  'D3.unknownNotFetched': '30-day campaign and flow figures are both needed and have not been fetched yet.',
  'D3.unknownFewDelivered_one': 'Only {count} email delivered in 30 days (needs {min}).',
  'D3.unknownFewDelivered_other': 'Only {count} emails delivered in 30 days (needs {min}).',
  'D3.failCritical.spam': 'Critical band: spam {spam:3}%.',
  'D3.failCritical.bounce': 'Critical band: bounce {bounce:3}%.',
  'D3.failCritical.unsubscribe': 'Critical band: unsubscribe {unsubscribe:3}%.',
  'D3.failCritical.spamBounce': 'Critical band: spam {spam:3}%, bounce {bounce:3}%.',
  'D3.failCritical.spamUnsubscribe': 'Critical band: spam {spam:3}%, unsubscribe {unsubscribe:3}%.',
  'D3.failCritical.bounceUnsubscribe': 'Critical band: bounce {bounce:3}%, unsubscribe {unsubscribe:3}%.',
  'D3.failCritical.spamBounceUnsubscribe':
    'Critical band: spam {spam:3}%, bounce {bounce:3}%, unsubscribe {unsubscribe:3}%.',
  'D3.failRoom.spam': 'Room to improve: spam {spam:3}%.',
  'D3.failRoom.bounce': 'Room to improve: bounce {bounce:3}%.',
  'D3.failRoom.unsubscribe': 'Room to improve: unsubscribe {unsubscribe:3}%.',
  'D3.failRoom.spamBounce': 'Room to improve: spam {spam:3}%, bounce {bounce:3}%.',
  'D3.failRoom.spamUnsubscribe': 'Room to improve: spam {spam:3}%, unsubscribe {unsubscribe:3}%.',
  'D3.failRoom.bounceUnsubscribe': 'Room to improve: bounce {bounce:3}%, unsubscribe {unsubscribe:3}%.',
  'D3.failRoom.spamBounceUnsubscribe':
    'Room to improve: spam {spam:3}%, bounce {bounce:3}%, unsubscribe {unsubscribe:3}%.',
  'D3.pass': 'Spam, bounce and unsubscribe rates are healthy.',

  'L1.failNone': 'No engaged 30- or 90-day segment found.',
  'L1.failOneMissing': 'The engaged {days}-day segment is missing.',
  'L1.pass': 'Engaged 30- and 90-day segments exist.',

  'L2.unknownNoSegment': 'No engaged 90-day segment to measure (see L1).',
  'L2.unknownNoCounts': 'Profile counts were not synced (they need the slow profile_count call).',
  'L2.fail': 'Only {share}% of emailable profiles engaged in 90 days.',
  'L2.pass': '{share}% of emailable profiles engaged in 90 days.',

  'L3.unknownNoSegments': 'Needs a suppressed-profiles segment and an emailable segment with profile counts.',
  'L3.unknownEmpty': 'Both segments are empty.',
  'L3.fail': 'Suppression rate {rate:1}%.',
  'L3.pass': 'Suppression rate {rate:1}%.',

  'L4.failNone': 'No sunset/unengaged segment found.',
  'L4.failUnused': 'A sunset segment exists but no campaign excludes it and no flow uses it.',
  'L4.passFlow': 'Sunset segment used by a flow.',
  'L4.passCampaign': 'Sunset segment used as a campaign exclusion.',
  'L4.passFlowAndCampaign': 'Sunset segment used by a flow and as a campaign exclusion.',

  'L5.fail': 'No VIP segment found.',
  'L5.pass_one': '{count} VIP segment.',
  'L5.pass_other': '{count} VIP segments.',

  'L6.fail_one': '{count} inactive/processing segment is in use.',
  'L6.fail_other': '{count} inactive/processing segments are in use.',
  'L6.passNoneUsed_one': '{count} inactive segment, not in use.',
  'L6.passNoneUsed_other': '{count} inactive segments, none in use.',
  'L6.pass': 'All segments are active.',

  'L7.unknownNoPrevious': 'No earlier sync with profile counts to compare against.',
  'L7.unknownNothingCompared': 'No list or segment has counts at two syncs (or the counts are too small).',
  'L7.fail_one': '{count} list/segment count swung by more than 40%.',
  'L7.fail_other': '{count} list/segment counts swung by more than 40%.',
  'L7.pass_one': '{count} list/segment count stable between syncs.',
  'L7.pass_other': '{count} list/segment counts stable between syncs.',

  'L8.unknownNoLists': 'No lists.',
  'L8.fail_one': '{count} of {total} lists uses single opt-in.',
  'L8.fail_other': '{count} of {total} lists use single opt-in.',
  'L8.failAll_one': 'The only list uses single opt-in.',
  'L8.failAll_other': 'All {count} lists use single opt-in.',
  'L8.pass': 'All lists use double opt-in.',

  'FM1.fail': 'No live signup form.',
  'FM1.pass_one': '{count} live form.',
  'FM1.pass_other': '{count} live forms.',

  'FM2.unknownNotFetched': 'Form performance has not been fetched yet.',
  'FM2.unknownFewViews': 'No live form with enough views in 30 days to judge.',
  'FM2.fail': 'Primary form converts {rate:2}% of views.',
  'FM2.pass': 'Primary form converts {rate:2}% of views.',
  'FM2.passGood': 'Primary form converts {rate:2}% of views (good).',

  'FM3.unknownNotFetched': 'Form performance has not been fetched yet.',
  'FM3.unknownFewViews': 'No live form had enough views to judge.',
  'FM3.fail_one': '{count} live form had views but no submits.',
  'FM3.fail_other': '{count} live forms had views but no submits.',
  'FM3.pass_one': 'The only viewed form collected submits.',
  'FM3.pass_other': 'All {count} viewed forms collected submits.',

  'FM4.unknownNoRates':
    'Klaviyo form reports have no device breakdown: enter mobile and desktop submit rates in the audit page.',
  'FM4.fail': 'Mobile converts at {ratio}% of the desktop rate.',
  'FM4.pass': 'Mobile converts at {ratio}% of the desktop rate.',

  'R1.unknownNotFetched': 'Flow and campaign revenue for 90 days are both needed.',
  'R1.unknownNoRevenue': 'No attributed revenue in 90 days.',
  'R1.failLow': 'Flows bring {share}% of attributed revenue.',
  'R1.failBelowBenchmark': 'Flows bring {share}% of attributed revenue (benchmark 30–60%).',
  'R1.pass': 'Flows bring {share}% of attributed revenue.',

  'R2.unknownNotFetched': 'Needs 30-day attributed revenue and the Placed Order revenue per day.',
  'R2.unknownNoStoreRevenue': 'No store revenue recorded in 30 days.',
  'R2.failLow': 'Klaviyo drives {share}% of store revenue.',
  'R2.failHigh': 'Klaviyo claims {share}% of store revenue (over-reliant or generous attribution).',
  'R2.pass': 'Klaviyo drives {share}% of store revenue.',

  'A1.fail': 'The account industry is not set.',
  'A1.pass': 'Industry: {industry}.',

  'A2.fail': 'This is a test account; the score is not counted.',
  'A2.pass': 'Production account.',

  'T1.unknownNoLinks': 'Tag assignments were not synced (flows and campaigns need include=tags).',
  'T1.unknownNothing': 'No live flows or recent campaigns to check.',
  'T1.fail_one': '{count} of {total} live flows/recent campaigns has no tag.',
  'T1.fail_other': '{count} of {total} live flows/recent campaigns have no tag.',
  'T1.failAll_one': 'The only live flow or recent campaign has no tag.',
  'T1.failAll_other': 'None of the {count} live flows/recent campaigns has a tag.',
  'T1.pass_one': 'The only live flow or recent campaign is tagged.',
  'T1.pass_other': 'All {count} live flows and recent campaigns are tagged.',

  'S1.unknownPartial': 'No sync has completed yet; the latest one was partial, so freshness cannot be confirmed.',
  'S1.failNever': 'The workspace has never completed a sync.',
  'S1.failStale_one': 'The last complete sync was {count} hour ago.',
  'S1.failStale_other': 'The last complete sync was {count} hours ago.',
  'S1.pass_one': 'Synced {count} hour ago.',
  'S1.pass_other': 'Synced {count} hours ago.',

  'S2.unknownUnconfirmed': '{resources} did not sync completely, so their scopes could not be confirmed.',
  'S2.fail': 'The key cannot read {resources}; those checks show "unknown".',
  'S2.pass': 'The key can read everything the audit needs.',
} as const;

type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type BaseKey<K> = K extends `${infer B}_${PluralForm}` ? B : K;

/** Every message key a rule may produce: a key without an English sentence does not type-check. */
export type SummaryKey = BaseKey<keyof typeof summariesEn>;
