import { z } from 'zod';
import { Address } from '../opportunities/opportunity';

/** A D-U-N-S number: nine digits that tell legal entities with the same name and place apart. */
export const Duns = z.string().regex(/^\d{9}$/, 'deals.errors.duns');
export type Duns = z.infer<typeof Duns>;

/** A company in the directory data set shipped with the product. */
export const DirectoryCustomer = z.object({
  duns: Duns,
  name: z.string().min(1).max(200),
  address: Address,
  industry: z.string().max(100).optional(),
});
export type DirectoryCustomer = z.infer<typeof DirectoryCustomer>;

/**
 * A customer a person can pick. `ref` is what a card choice carries to select it again later
 * (`duns:123456789`, or `deal:<opportunity id>` for a known customer without a D-U-N-S number).
 */
export const CustomerMatch = z.object({
  ref: z.string().min(1),
  name: z.string().min(1).max(200),
  address: Address,
  duns: Duns.optional(),
  /** Already a customer on one of this partner's opportunities. */
  known: z.boolean(),
});
export type CustomerMatch = z.infer<typeof CustomerMatch>;

export function dunsRef(duns: string): string {
  return `duns:${duns}`;
}

export function dealRef(opportunityId: string): string {
  return `deal:${opportunityId}`;
}

/** Letters that carry no separable accent, so NFKD leaves them alone: people often type them plain. */
const PLAIN: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/** Lower case, no accents, no punctuation, single spaces: "Société Générale, S.A." → "societe generale s a". */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðßæœıþ]/g, (c) => PLAIN[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
