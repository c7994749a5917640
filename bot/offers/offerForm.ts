import { z } from 'zod';
import type { Translator } from '../../services/i18n/catalog';
import { areaOfSubArea, MAX_SOLUTION_AREAS, MAX_SUB_AREAS_PER_AREA, solutionArea } from '../../services/offers/coSellCatalog';
import { isCountryCode, splitCountryList } from '../../services/offers/countries';
import { OfferListing, type Offer, type SolutionAreaChoice } from '../../services/offers/offer';

/**
 * The offer form as Adaptive Card inputs send it (every value a string: toggles "true"/"false",
 * multi-selects "a,b"), and its translation into an OfferListing with problems a person can fix.
 */
const text = z.string().max(4000).optional().default('');

export const OfferFormSubmit = z.object({
  form: z.literal('offerForm'),
  action: z.enum(['save', 'cancel']),
  name: text,
  offerType: text,
  solutionType: text,
  published: text,
  businessProfileComplete: text,
  cspOptIn: text,
  transactable: text,
  platforms: text,
  segments: text,
  area1: text,
  subAreas1: text,
  area2: text,
  subAreas2: text,
  area3: text,
  subAreas3: text,
  markets: text,
  azureIpShare: text,
});
export type OfferFormSubmit = z.infer<typeof OfferFormSubmit>;

/** The inputs' values, to draw the form again (prefilled, or as the person left it). */
export type OfferFormValues = Omit<OfferFormSubmit, 'form' | 'action'>;

const SLOTS = [1, 2, 3] as const;
const slotKeys = (slot: number) => ({ area: `area${slot}`, subAreas: `subAreas${slot}` }) as const;

export function emptyFormValues(): OfferFormValues {
  return formValuesOf(undefined);
}

export function formValuesOf(offer: Offer | undefined): OfferFormValues {
  const values: Record<string, string> = {
    name: offer?.name ?? '',
    offerType: offer?.offerType ?? '',
    solutionType: offer?.solutionType ?? '',
    published: String(offer?.published ?? false),
    businessProfileComplete: String(offer?.businessProfileComplete ?? false),
    cspOptIn: String(offer?.cspOptIn ?? false),
    transactable: String(offer?.transactable ?? false),
    platforms: (offer?.platforms ?? []).join(','),
    segments: (offer?.segments ?? []).join(','),
    markets: (offer?.markets ?? []).join(', '),
    azureIpShare: offer?.azureIpSharePercent === undefined ? '' : String(offer.azureIpSharePercent),
  };
  for (const slot of SLOTS) {
    const choice = offer?.solutionAreas[slot - 1];
    const keys = slotKeys(slot);
    values[keys.area] = choice?.area ?? '';
    values[keys.subAreas] = (choice?.subAreas ?? []).join(',');
  }
  return values as OfferFormValues;
}

export type FormProblem = { key: string; vars?: Record<string, string> };

export type FormResult = { ok: true; listing: OfferListing } | { ok: false; problems: FormProblem[] };

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** Reads the submitted form; every problem names the field and what to do about it. */
export function listingFromForm(values: OfferFormValues): FormResult {
  const problems: FormProblem[] = [];
  /** Listing fields whose problems are already explained here, in more specific words than zod's. */
  const explained = new Set<string>();
  const problem = (field: string, p: FormProblem) => {
    problems.push(p);
    explained.add(field);
  };
  const v = values as Record<string, string>;

  const solutionAreas: SolutionAreaChoice[] = [];
  for (const slot of SLOTS) {
    const keys = slotKeys(slot);
    const area = (v[keys.area] ?? '').trim();
    const subAreas = list(v[keys.subAreas] ?? '');
    if (!area) {
      if (subAreas.length > 0) problem('solutionAreas', { key: 'solutionAreaMissing', vars: { slot: String(slot) } });
      continue;
    }
    const foreign = subAreas.filter((s) => areaOfSubArea(s)?.id !== area);
    if (!solutionArea(area)) problem('solutionAreas', { key: 'solutionAreaMissing', vars: { slot: String(slot) } });
    else if (foreign.length > 0) problem('solutionAreas', { key: 'subAreaWrong', vars: { slot: String(slot), subAreas: foreign.join(', ') } });
    else if (subAreas.length > MAX_SUB_AREAS_PER_AREA) problem('solutionAreas', { key: 'subAreaTooMany', vars: { slot: String(slot) } });
    else if (solutionAreas.some((a) => a.area === area)) problem('solutionAreas', { key: 'solutionAreaRepeated', vars: { slot: String(slot) } });
    else solutionAreas.push({ area, subAreas });
  }

  const markets = splitCountryList(values.markets);
  const unknown = markets.filter((m) => !isCountryCode(m));
  if (unknown.length > 0) problem('markets', { key: 'markets', vars: { codes: unknown.join(', ') } });

  let azureIpSharePercent: number | undefined;
  const share = values.azureIpShare.trim().replace(/%$/, '').replace(',', '.');
  if (share !== '') {
    azureIpSharePercent = Number(share);
    if (!Number.isFinite(azureIpSharePercent) || azureIpSharePercent < 0 || azureIpSharePercent > 100) {
      problem('azureIpSharePercent', { key: 'azureIpShare' });
    }
  }

  const candidate = {
    name: values.name,
    offerType: values.offerType,
    published: values.published === 'true',
    businessProfileComplete: values.businessProfileComplete === 'true',
    cspOptIn: values.cspOptIn === 'true',
    transactable: values.transactable === 'true',
    solutionType: values.solutionType,
    platforms: list(values.platforms),
    segments: list(values.segments),
    solutionAreas: solutionAreas.slice(0, MAX_SOLUTION_AREAS),
    markets,
    ...(azureIpSharePercent === undefined ? {} : { azureIpSharePercent }),
  };
  const parsed = OfferListing.safeParse(candidate);
  if (!parsed.success) {
    for (const field of new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))) {
      if (explained.has(field)) continue;
      problems.push(problemForField(field));
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, listing: parsed.data };
}

const FIELD_PROBLEMS: Record<string, string> = {
  name: 'name',
  offerType: 'offerType',
  solutionType: 'solutionType',
  platforms: 'platforms',
  segments: 'segments',
  markets: 'markets',
  azureIpSharePercent: 'azureIpShare',
};

function problemForField(field: string): FormProblem {
  const key = FIELD_PROBLEMS[field];
  if (key === 'markets') return { key, vars: { codes: '' } };
  return key ? { key } : { key: 'other', vars: { field } };
}

export function problemText(problem: FormProblem, tr: Translator): string {
  return tr.t(`offers.form.fix.${problem.key}`, problem.vars);
}
