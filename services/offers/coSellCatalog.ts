import { z } from 'zod';
import catalogData from './coSellVocabulary.json';

/**
 * The vocabularies of an offer's co-sell listing, shipped as a data file (coSellVocabulary.json) so
 * they can be updated without touching code. The file holds ids only; labels are in the message
 * catalog (offers.catalog.*), so every language names them in its own words.
 */
const NonEmptyIds = z.array(z.string().regex(/^[a-z][A-Za-z0-9]*$/)).min(1);

const CatalogFile = z
  .object({
    version: z.literal(1),
    platforms: NonEmptyIds,
    segments: NonEmptyIds,
    solutionAreas: z.array(z.object({ id: z.string().regex(/^[a-z][A-Za-z0-9]*$/), subAreas: NonEmptyIds })).min(1),
  })
  .superRefine((c, ctx) => {
    // Sub-area ids are unique across areas, so a form can offer every sub-area in one list.
    const lists = [c.platforms, c.segments, c.solutionAreas.map((a) => a.id), c.solutionAreas.flatMap((a) => a.subAreas)];
    for (const list of lists) {
      if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', message: 'duplicate id in coSellVocabulary.json' });
    }
  });

/** Parsed once at start-up: a broken data file fails loudly instead of showing empty choices. */
export const CO_SELL_CATALOG = CatalogFile.parse(catalogData);

export type SolutionAreaSpec = (typeof CO_SELL_CATALOG.solutionAreas)[number];

export const MAX_SOLUTION_AREAS = 3;
export const MAX_SUB_AREAS_PER_AREA = 2;

export function isPlatform(id: string): boolean {
  return CO_SELL_CATALOG.platforms.includes(id);
}

export function isSegment(id: string): boolean {
  return CO_SELL_CATALOG.segments.includes(id);
}

export function solutionArea(id: string): SolutionAreaSpec | undefined {
  return CO_SELL_CATALOG.solutionAreas.find((a) => a.id === id);
}

/** The area a sub-area belongs to (sub-area ids are unique across areas). */
export function areaOfSubArea(subAreaId: string): SolutionAreaSpec | undefined {
  return CO_SELL_CATALOG.solutionAreas.find((a) => a.subAreas.includes(subAreaId));
}
