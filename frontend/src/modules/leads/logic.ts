/** The leads pages' rules that are not drawing: the list's filter, edits as update inputs, the form snippet. */

export const STATUSES = ['NEW', 'WORKING', 'NURTURING', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'] as const;
export const SOURCES = ['WEB_FORM', 'API', 'IMPORT', 'CAMPAIGN', 'REFERRAL', 'TRADE_SHOW', 'COLD_CALL', 'SOCIAL', 'PARTNER', 'ADVERTISING', 'OTHER'] as const;
/** The statuses a person may pick; CONVERTED comes only from converting. */
export const EDITABLE_STATUSES = STATUSES.filter((s) => s !== 'CONVERTED');
export const ACTIVITY_KINDS = ['CALL', 'EMAIL', 'MEETING'] as const;

/** The owner filter's value for "owned by me" (the API's `mine: true`, so a saved view follows whoever opens it). */
export const MINE = 'me';

export interface LeadFilters {
  status: string | null;
  source: string | null;
  /** A User node id, MINE, or null. */
  owner: string | null;
  /** A Campaign node id, or null. */
  campaign: string | null;
  scoreMin: number | null;
  scoreMax: number | null;
}

export const NO_FILTERS: LeadFilters = { status: null, source: null, owner: null, campaign: null, scoreMin: null, scoreMax: null };

/** The API's `LeadFilter` for the chosen filters (empty object: everything). */
export function filterOf(f: LeadFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (f.status) filter.status = { eq: f.status };
  if (f.source) filter.source = { eq: f.source };
  if (f.owner === MINE) filter.mine = true;
  else if (f.owner) filter.owner = { eq: f.owner };
  if (f.campaign) filter.campaign = { eq: f.campaign };
  if (f.scoreMin !== null || f.scoreMax !== null) {
    const score: Record<string, number> = {};
    if (f.scoreMin !== null) score.gte = f.scoreMin;
    if (f.scoreMax !== null) score.lte = f.scoreMax;
    filter.score = score;
  }
  return filter;
}

/** A score bound as typed ('' or not a whole number: no bound). */
export function scoreBound(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

export interface Chip {
  id: keyof LeadFilters | 'score';
  /** What it says, before translation: the i18n key of the filter and the shown value. */
  field: string;
  value: string;
}

/** One chip per filter in force; the score range is one chip ("Score: 10 – 50", "Score: ≥ 10"). */
export function chipsOf(
  f: LeadFilters,
  name: { status: (s: string) => string; source: (s: string) => string; owner: (id: string) => string; campaign?: (id: string) => string },
): Chip[] {
  const chips: Chip[] = [];
  if (f.status) chips.push({ id: 'status', field: 'status', value: name.status(f.status) });
  if (f.source) chips.push({ id: 'source', field: 'source', value: name.source(f.source) });
  if (f.owner) chips.push({ id: 'owner', field: 'owner', value: name.owner(f.owner) });
  if (f.campaign) chips.push({ id: 'campaign', field: 'campaign', value: name.campaign ? name.campaign(f.campaign) : f.campaign });
  if (f.scoreMin !== null || f.scoreMax !== null) {
    const value = f.scoreMin !== null && f.scoreMax !== null ? `${f.scoreMin} – ${f.scoreMax}` : f.scoreMin !== null ? `≥ ${f.scoreMin}` : `≤ ${f.scoreMax}`;
    chips.push({ id: 'score', field: 'score', value });
  }
  return chips;
}

/** The filters without the one a chip stood for. */
export function withoutChip(f: LeadFilters, chip: Chip['id']): LeadFilters {
  return chip === 'score' || chip === 'scoreMin' || chip === 'scoreMax' ? { ...f, scoreMin: null, scoreMax: null } : { ...f, [chip]: null };
}

/** Lead fields the API takes as null when emptied (choices), or by the linked record's id. */
const NULLABLE = new Set(['source']);

/** The update input for one field as its inline editor holds it (text, '' for empty). */
export function inputOf(field: string, value: string): Record<string, unknown> {
  if (field === 'owner') return { ownerId: value || null };
  if (field === 'campaign') return { campaignId: value || null };
  if (NULLABLE.has(field) && !value) return { [field]: null };
  return { [field]: value };
}

/** The workspace's web form: where it posts, and an HTML snippet to paste into a site (honeypot kept off-screen). */
export function formSnippet(workspaceUrl: string): { url: string; html: string } {
  const url = `${workspaceUrl.replace(/\/+$/, '')}/forms/leads/`;
  const html = [
    `<form method="post" action="${url}">`,
    '  <input name="name" required> <input name="email" type="email"> <input name="company">',
    '  <textarea name="message"></textarea>',
    '  <div style="position:absolute;left:-9999px" aria-hidden="true"><input name="website_url" tabindex="-1" autocomplete="off"></div>',
    '  <button>Send</button>',
    '</form>',
  ].join('\n');
  return { url, html };
}


export const CAMPAIGN_TYPES = ['EMAIL', 'EVENT', 'WEBINAR', 'ADS', 'OTHER'] as const;
export const CAMPAIGN_STATUSES = ['PLANNED', 'ACTIVE', 'COMPLETED', 'ABORTED'] as const;
export const campaignPath = (id: string) => `/leads/campaigns/${encodeURIComponent(id)}`;

export interface CampaignFilters {
  type: string | null;
  status: string | null;
  /** A User node id, MINE, or null. */
  owner: string | null;
}

export const NO_CAMPAIGN_FILTERS: CampaignFilters = { type: null, status: null, owner: null };

/** The API's `CampaignFilter` for the chosen filters (empty object: everything). */
export function campaignFilterOf(f: CampaignFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (f.type) filter.type = { eq: f.type };
  if (f.status) filter.status = { eq: f.status };
  if (f.owner === MINE) filter.mine = true;
  else if (f.owner) filter.owner = { eq: f.owner };
  return filter;
}

/** A ratio (0.25) as a percentage ("25%"); '—' when there is none (hidden, or nothing to divide by). */
export function percentText(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 1000) / 10}%`;
}
