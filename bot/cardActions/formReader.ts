import { z } from 'zod';
import { CurrencyCode } from '../../services/opportunities/opportunity';
import type { FormValues } from '../../cards/referralForms';

/**
 * Reads a submitted card form: every input arrives as a string (or is missing when empty). Each
 * field is parsed on its own so that every wrong field is named at once; `errors` holds their ids.
 */
export class FormReader {
  readonly errors = new Set<string>();

  constructor(private readonly values: FormValues) {}

  raw(field: string): string {
    return (this.values[field] ?? '').trim();
  }

  has(field: string): boolean {
    return this.raw(field) !== '';
  }

  required<T>(field: string, schema: z.ZodType<T>): T | undefined {
    if (!this.has(field)) {
      this.errors.add(field);
      return undefined;
    }
    return this.parse(field, schema);
  }

  optional<T>(field: string, schema: z.ZodType<T>): T | undefined {
    return this.has(field) ? this.parse(field, schema) : undefined;
  }

  fail(field: string): void {
    this.errors.add(field);
  }

  get ok(): boolean {
    return this.errors.size === 0;
  }

  private parse<T>(field: string, schema: z.ZodType<T>): T | undefined {
    const result = schema.safeParse(this.raw(field));
    if (result.success) return result.data;
    this.errors.add(field);
    return undefined;
  }
}

/** Field types, from the string a card input sends. */
/** Text schemas by length limit, built once: building a zod schema costs more than using it. */
const textOfMax = new Map<number, z.ZodType<string>>();

export const Fields = {
  text: (max: number): z.ZodType<string> => {
    let schema = textOfMax.get(max);
    if (!schema) {
      schema = z.string().trim().min(1).max(max);
      textOfMax.set(max, schema);
    }
    return schema;
  },
  /** "250000", "250,000", "250 000.50" */
  amount: z
    .string()
    .transform((s) => s.replace(/[\s,_']/g, ''))
    .pipe(z.string().regex(/^\d+(\.\d+)?$/))
    .transform(Number)
    .pipe(z.number().finite().nonnegative()),
  currency: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(CurrencyCode),
  /** An Input.Date value (YYYY-MM-DD), as midnight UTC. */
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .transform((d) => `${d}T00:00:00.000Z`)
    .refine((iso) => !Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString() === iso),
  email: z.string().email().max(254),
  phone: z.string().max(40).regex(/^\+?[\d\s().-]{3,}$/),
  guid: z.string().uuid(),
  /** An Input.Toggle value. */
  flag: z.enum(['true', 'false']).transform((v) => v === 'true'),
  /** A multi-select Input.ChoiceSet value: "1,3". */
  list: z.string().transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
};

/** "Avery Q. Seller" → first name "Avery", last name "Q. Seller". */
export function splitName(full: string): { firstName: string; lastName: string } {
  const [first = '', ...rest] = full.trim().split(/\s+/);
  return { firstName: first, lastName: rest.join(' ') };
}
