import { api } from '../api/http';

/** One row of a ranking as the wall shows it. */
export interface RankedRow {
  rank: number;
  key: string;
  name: string;
  score: number | null;
  grade: string | null;
}

/** GET /api/assessment/rankings/{streets|units} (AssessmentApi.RankingResponse), the fields the wall reads. */
export interface RankingResponse {
  area: string;
  from: string;
  to: string;
  rows: RankedRow[];
}

/** The first rows of a ranking, copied to the fields the wall reads (the counters stay behind). */
export function topRows(response: RankingResponse, limit: number): RankedRow[] {
  return response.rows.slice(0, limit).map(({ rank, key, name, score, grade }) => ({ rank, key, name, score, grade }));
}

export interface Rankings {
  from: string;
  to: string;
  streets: RankedRow[];
  units: RankedRow[];
}

/** Both rankings of a district for the current month (the API's default period). */
export async function loadRankings(districtCode: string, unitLimit: number, signal: AbortSignal): Promise<Rankings> {
  const area = encodeURIComponent(districtCode);
  const [streets, units] = await Promise.all([
    api<RankingResponse>(`/api/assessment/rankings/streets?area=${area}`, { signal }),
    api<RankingResponse>(`/api/assessment/rankings/units?area=${area}`, { signal }),
  ]);
  return { from: streets.from, to: streets.to, streets: topRows(streets, streets.rows.length), units: topRows(units, unitLimit) };
}
