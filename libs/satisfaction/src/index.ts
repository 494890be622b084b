export { Z95, SatisfactionError, isValidNps, isValidCsat, classifyNps, npsSummary, csatSummary, wilsonInterval, type Interval, type NpsSummary, type CsatSummary, type NpsClass } from './scores';
export { tokenize, sentiment, themes, matchesQuery, type Sentiment, type SentimentLabel, type Theme } from './text';
export { isoWeek, isNegative, summarize, trendByWeek, byModelVersion, detectSatisfactionRisks, type FeedbackPoint, type GroupSummary, type RiskSignal, type RiskOptions } from './trends';
