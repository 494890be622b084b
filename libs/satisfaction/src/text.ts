// Comment search, a small lexicon sentiment and keyword themes. Deliberately simple and explainable:
// a score is (positive hits − negative hits) / hits, a word preceded by a negator ("not", "never",
// "no", "n't") within two tokens flips polarity, and "very"/"really"/"so" weigh the next hit ×1.5.

const POSITIVE = new Set(
  'good great excellent love loved lovely amazing awesome fantastic helpful useful accurate fast quick easy simple intuitive clear reliable perfect nice best better impressive smooth happy recommend brilliant works worked solid precise responsive friendly pleasant wonderful superb'.split(' '),
);
const NEGATIVE = new Set(
  'bad terrible awful hate hated slow wrong broken bug buggy bugs useless confusing confused inaccurate crash crashes crashed error errors fail fails failed failure poor worse worst annoying frustrating frustrated difficult hard expensive laggy unreliable unclear missing disappointing disappointed incorrect problem problems issue issues timeout'.split(
    ' ',
  ),
);
const NEGATORS = new Set(['not', 'no', 'never', 'hardly', 'without', 'nothing', "isn't", "wasn't", "don't", "doesn't", "didn't", "can't", "won't", 'cannot']);
const INTENSIFIERS = new Set(['very', 'really', 'so', 'extremely', 'super']);
const STOPWORDS = new Set(
  "a an the and or but if then than this that these those is are was were be been being am i me my we our you your it its of to in on at for with as by from up down out about into over after before again very really so just too also can could would should will do does did doing have has had having not no never it's i'm i've don't doesn't didn't isn't wasn't there their they them he she his her what which who when where why how all any both each few more most other some such only own same s t get got make made one much many thing things lot bit still even quite please would like use used using".split(
    ' ',
  ),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []).map((t) => t.replace(/’/g, "'"));
}

export type SentimentLabel = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';

export interface Sentiment {
  /** −1..1, two decimals; 0 when no lexicon word was found. */
  score: number;
  label: SentimentLabel;
  positive: string[];
  negative: string[];
}

export function sentiment(text: string): Sentiment {
  const tokens = tokenize(text);
  let pos = 0;
  let neg = 0;
  const positive: string[] = [];
  const negative: string[] = [];
  tokens.forEach((t, i) => {
    const isPos = POSITIVE.has(t);
    const isNeg = NEGATIVE.has(t);
    if (!isPos && !isNeg) return;
    const window = tokens.slice(Math.max(0, i - 2), i);
    const negated = window.some((w) => NEGATORS.has(w) || w.endsWith("n't"));
    const weight = window.some((w) => INTENSIFIERS.has(w)) ? 1.5 : 1;
    const polarity = (isPos ? 1 : -1) * (negated ? -1 : 1);
    if (polarity > 0) {
      pos += weight;
      positive.push(negated ? `not ${t}` : t);
    } else {
      neg += weight;
      negative.push(negated ? `not ${t}` : t);
    }
  });
  const total = pos + neg;
  const score = total === 0 ? 0 : Math.round(((pos - neg) / total) * 100) / 100;
  const label: SentimentLabel = score > 0.2 ? 'POSITIVE' : score < -0.2 ? 'NEGATIVE' : 'NEUTRAL';
  return { score, label, positive, negative };
}

export interface Theme {
  keyword: string;
  /** Comments that mention the keyword (counted once per comment). */
  count: number;
  /** Mean sentiment score of those comments, two decimals. */
  sentiment: number;
  examples: string[];
}

/**
 * Keyword themes: words (not stopwords, at least 3 letters, not a pure number) counted once per
 * comment, kept when at least `minCount` comments mention them, most frequent first.
 */
export function themes(comments: readonly string[], options: { limit?: number; minCount?: number } = {}): Theme[] {
  const limit = options.limit ?? 10;
  const minCount = options.minCount ?? 2;
  const byWord = new Map<string, { count: number; sentimentSum: number; examples: string[] }>();
  for (const c of comments) {
    const words = new Set(tokenize(c).filter((t) => t.length >= 3 && !STOPWORDS.has(t) && !/^\d+$/.test(t)));
    if (words.size === 0) continue;
    const s = sentiment(c).score;
    for (const w of words) {
      const e = byWord.get(w) ?? { count: 0, sentimentSum: 0, examples: [] };
      e.count++;
      e.sentimentSum += s;
      if (e.examples.length < 3) e.examples.push(c);
      byWord.set(w, e);
    }
  }
  return [...byWord.entries()]
    .filter(([, e]) => e.count >= minCount)
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([keyword, e]) => ({ keyword, count: e.count, sentiment: Math.round((e.sentimentSum / e.count) * 100) / 100, examples: e.examples }));
}

/** True when every whitespace-separated term of `query` occurs in `text` (case-insensitive). */
export function matchesQuery(text: string, query: string): boolean {
  const hay = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => hay.includes(term));
}
