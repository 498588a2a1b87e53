/** Loads the demo organisations and users into an empty database (first start only). */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../adapters/db/schema.js';
import { recordAudit } from '../domains/audit/adapters/audit-trail.js';
import { checkSiret } from '../domains/organisation/entities/siret.js';
import { callColumns } from '../domains/ami/adapters/calls.js';
import { demoCalls } from './demo-calls.js';
import { DEMO_ORGANISATIONS, DEMO_USERS } from './demo-data.js';
import { seedDemoCatalogue } from './demo-catalogue.js';
import { seedDemoSpace } from './demo-space.js';

const DEMO_SEED_LOCK_KEY = 4_242_003;

/** `catalogue`: also the demo catalogue of services and commune centres (the tests leave it out unless they ask). */
export async function seedDemoData(db: Kysely<Database>, now: Date = new Date(), options: { catalogue?: boolean } = {}): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Several instances may start together: one seeds, the others find it done.
    await sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK_KEY})`.execute(trx);
    const existing = await trx.selectFrom('organisation').select('id').limit(1).executeTakeFirst();
    if (existing) return false;
    const ids = new Map<string, number>();
    for (const org of DEMO_ORGANISATIONS) {
      const check = checkSiret(org.siret);
      if (!check.valid) throw new Error(`SIRET de démonstration invalide pour ${org.name}`);
      const row = await trx
        .insertInto('organisation')
        .values({ name: org.name, siret: check.siret, kind: org.kind, departement_code: org.departementCode, region_code: org.regionCode })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(org.key, row.id);
    }
    for (const user of DEMO_USERS) {
      const organisationId = user.organisation ? ids.get(user.organisation)! : null;
      const row = await trx
        .insertInto('app_user')
        .values({ email: user.email, given_name: user.givenName, family_name: user.familyName, organisation_id: organisationId, is_demo: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const r of user.roles) {
        await trx
          .insertInto('role_assignment')
          .values({
            user_id: row.id,
            role: r.role,
            perimeter_kind: r.perimeter,
            perimeter_code: r.code === 'own-organisation' ? String(organisationId) : r.code,
          })
          .execute();
      }
    }
    for (const call of demoCalls(now)) {
      await trx.insertInto('ami_call').values({ ...callColumns(call.values), status: call.status, created_at: now, updated_at: now }).execute();
    }
    const spaceId = await seedDemoSpace(trx, ids, now);
    if (options.catalogue ?? true) await seedDemoCatalogue(trx, spaceId, ids, now);
    await recordAudit(
      trx,
      { actorUserId: null, actorLabel: 'système', action: 'demo.seed', objectType: 'database', summary: { organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length, calls: 3 } },
      now,
    );
    return true;
  });
}
