import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ManualClock } from '../../../services/clock';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { ReferralService } from '../../../services/referrals/referralService';
import { codeTag } from '../../../services/store/codeTag';
import { OPPORTUNITIES } from '../../../services/store/collections';
import type { CollectionSpec } from '../../../services/store/documentStore';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { inboundReferral } from '../../helpers/referrals';
import { handleOf } from './sqliteLayout';

const dir = mkdtempSync(join(tmpdir(), 'cosell-validated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const T = 'tenant-a';

/** A collection whose schema counts how often it runs. */
function countingSpec(): { spec: CollectionSpec<{ id: string; tenantId: string; n: number }>; runs: () => number } {
  let runs = 0;
  const schema = z
    .object({ id: z.string(), tenantId: z.string(), n: z.number().int().nonnegative() })
    .superRefine(() => {
      runs++;
    });
  return { spec: { name: 'counted', schema, queryFields: ['n'], indexes: [['n']] }, runs: () => runs };
}

describe('documents this build validated are read without validating them again (SQLite)', () => {
  it('reads its own rows as written, and validates rows of another build, which must satisfy the schema', async () => {
    const path = join(dir, `own-${n++}.db`);
    const { spec, runs } = countingSpec();
    const ours = new SqliteStore(path, { codeTag: 'build-a' });
    const mine = ours.collection(spec);
    const written = await mine.create({ id: 'x', tenantId: T, n: 1 });
    expect(runs()).toBe(1); // on the way in
    expect(await mine.get(T, 'x')).toEqual(written);
    expect((await mine.query({ tenantId: T, pageSize: 10 })).items).toEqual([written]);
    expect(runs()).toBe(1); // not on the way out

    // The same file opened by another build: every row it reads is validated.
    const theirs = new SqliteStore(path, { codeTag: 'build-b' });
    expect(await theirs.collection(spec).get(T, 'x')).toEqual(written);
    expect(runs()).toBe(2);
    // A document that breaks the schema is refused by a build that did not write it.
    handleOf(ours).prepare(`UPDATE "counted" SET doc = ? WHERE id = 'x'`).run(JSON.stringify({ id: 'x', tenantId: T, n: -1 }));
    await expect(theirs.collection(spec).get(T, 'x')).rejects.toThrow(z.ZodError);
    await theirs.close();
    await ours.close();
  });

  it('validates rows written before the tag existed (a file from an earlier layout)', async () => {
    const path = join(dir, `old-${n++}.db`);
    const { spec, runs } = countingSpec();
    const first = new SqliteStore(path);
    first.collection(spec);
    // As an earlier version left it: no tag column yet.
    const db = handleOf(first);
    db.exec('ALTER TABLE "counted" DROP COLUMN validated_by');
    db.prepare(`INSERT INTO "counted" (tenant_id, id, etag, doc, f_n) VALUES (?, 'ok', 'e1', ?, 2), (?, 'bad', 'e2', ?, -3)`).run(
      T,
      JSON.stringify({ id: 'ok', tenantId: T, n: 2 }),
      T,
      JSON.stringify({ id: 'bad', tenantId: T, n: -3 }),
    );
    await first.close();

    const reopened = new SqliteStore(path);
    const c = reopened.collection(spec);
    expect((await c.get(T, 'ok'))?.value).toEqual({ id: 'ok', tenantId: T, n: 2 });
    expect(runs()).toBe(1);
    await expect(c.get(T, 'bad')).rejects.toThrow(z.ZodError);
    // Once rewritten by this build, the row carries its tag.
    const v = await c.get(T, 'ok');
    await c.replace({ id: 'ok', tenantId: T, n: 4 }, v!.etag);
    const before = runs();
    expect((await c.get(T, 'ok'))?.value.n).toBe(4);
    expect(runs()).toBe(before);
    await reopened.close();
  });

  it('gives the same referral either way: what is stored is what the schema gives back (defaults, stamps, nested lists)', async () => {
    const path = join(dir, `referrals-${n++}.db`);
    const clock = new ManualClock('2026-11-05T09:00:00.000Z');
    const ours = new SqliteStore(path);
    const referrals = new ReferralService(new OpportunityRepository(ours), clock);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const received = await referrals.receiveReferral(inboundReferral({ tenantId: T, id: `pc-ref-${i}` }));
      ids.push(received.opportunity.value.id);
    }
    const theirs = new SqliteStore(path, { codeTag: 'another-build' });
    for (const id of ids) {
      const trusted = await ours.collection(OPPORTUNITIES).get(T, id);
      const validated = await theirs.collection(OPPORTUNITIES).get(T, id);
      expect(trusted).toBeDefined();
      expect(trusted).toStrictEqual(validated);
    }
    await theirs.close();
    await ours.close();
  });

  it('names this build by the services it runs: the same tag within a process, a hex hash', () => {
    expect(codeTag()).toMatch(/^c[0-9a-f]{32}$/);
    expect(codeTag()).toBe(codeTag());
  });
});
