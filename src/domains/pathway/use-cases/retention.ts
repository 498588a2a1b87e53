/**
 * SPIE-8: personal data is kept only as long as needed. A person whose pathways are all closed for
 * longer than their territory's retention (24 months by default) is anonymised: their identifying
 * data is replaced, the free texts of their pathways are cleared, their account is closed; what
 * remains is a tombstone — the pathway rows with their dates and organisations, the access log
 * without the person's name. A person with a pathway still open (or closed too recently) is kept whole.
 *
 * Each person is claimed in its own transaction by a conditional update of `anonymised_at`, so two
 * instances running the job at the same time anonymise each person once. Each anonymisation is audited.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import { isAnonymisationDue } from '../entities/retention.js';

export const ANONYMISED_GIVEN_NAME = 'Personne';
export const ANONYMISED_FAMILY_NAME = 'anonymisée';
export const ANONYMISED_LABEL = `${ANONYMISED_GIVEN_NAME} ${ANONYMISED_FAMILY_NAME}`;

/** The people of whom every pathway is closed and past the retention at `now`. */
async function duePeople(db: Kysely<Database>, now: Date, limit: number): Promise<number[]> {
  // A loose filter in SQL (a month is at most 31 days), the exact calendar rule in isAnonymisationDue.
  const rows = await db
    .selectFrom('pathway as w')
    .innerJoin('territory_space as s', 's.id', 'w.space_id')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .select(['w.person_id', 'w.status', 'w.closed_at', 's.retention_months'])
    .where('p.anonymised_at', 'is', null)
    .where('p.merged_into', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('pathway as c')
          .select('c.id')
          .whereRef('c.person_id', '=', 'p.id')
          .where('c.status', '=', 'closed')
          .where('c.anonymised_at', 'is', null)
          .where(sql<boolean>`c.closed_at + make_interval(days => s.retention_months * 28) <= ${now}`),
      ),
    )
    .orderBy('w.person_id')
    .execute();
  const byPerson = new Map<number, typeof rows>();
  for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
  const due: number[] = [];
  for (const [personId, pathways] of byPerson) {
    if (pathways.every((w) => w.status === 'closed' && isAnonymisationDue(w.closed_at, w.retention_months, now))) due.push(personId);
    if (due.length >= limit) break;
  }
  return due;
}

/** Anonymises one person and their pathways; false if another run did it first or the person is no longer due. */
async function anonymisePerson(trx: Transaction<Database>, personId: number, now: Date): Promise<boolean> {
  const claimed = await trx
    .updateTable('person')
    .set({ anonymised_at: now })
    .where('id', '=', personId)
    .where('anonymised_at', 'is', null)
    .returning(['id', 'user_id', 'email', 'phone'])
    .executeTakeFirst();
  if (!claimed) return false;
  // Re-checked under the claim: a pathway reopened or opened since the selection keeps the person whole.
  const pathways = await trx.selectFrom('pathway as w').innerJoin('territory_space as s', 's.id', 'w.space_id').select(['w.id', 'w.status', 'w.closed_at', 's.retention_months']).where('w.person_id', '=', personId).forUpdate().execute();
  if (!pathways.every((w) => w.status === 'closed' && isAnonymisationDue(w.closed_at, w.retention_months, now))) {
    await trx.updateTable('person').set({ anonymised_at: null }).where('id', '=', personId).execute();
    return false;
  }
  // Records merged into this one are the same person.
  const merged = await trx.selectFrom('person').select(['id', 'user_id', 'email', 'phone']).where('merged_into', '=', personId).execute();
  const people = [claimed, ...merged];
  const personIds = people.map((p) => p.id);
  const userIds = people.flatMap((p) => (p.user_id ? [p.user_id] : []));
  const pathwayIds = pathways.map((w) => w.id);

  await trx
    .updateTable('person')
    .set({
      given_name: ANONYMISED_GIVEN_NAME,
      family_name: ANONYMISED_FAMILY_NAME,
      name_key: '',
      family_key: '',
      birth_date: null,
      caf_number: null,
      france_travail_id: null,
      email: null,
      phone: null,
      address: null,
      anonymised_at: now,
      updated_at: now,
    })
    .where('id', 'in', personIds)
    .execute();
  await trx.deleteFrom('person_sign_in_link').where('person_id', 'in', personIds).execute();
  if (userIds.length) {
    // The person's account: closed, nameless, unbound from any identity provider, signed out.
    for (const userId of userIds) {
      await trx
        .updateTable('app_user')
        .set({ given_name: ANONYMISED_GIVEN_NAME, family_name: ANONYMISED_FAMILY_NAME, email: `anonymise-${userId}@personnes.spie.invalid`, oidc_subject: null, active: false })
        .where('id', '=', userId)
        .execute();
    }
    await trx.deleteFrom('session').where('user_id', 'in', userIds).execute();
    await trx.updateTable('person_access_log').set({ actor_label: ANONYMISED_LABEL }).where('user_id', 'in', userIds).execute();
    await trx.updateTable('pathway_event').set({ actor_label: ANONYMISED_LABEL }).where('actor_user_id', 'in', userIds).execute();
  }
  // Messages sent to the person: the outboxes keep that something was sent, not to whom nor what.
  const emails = people.flatMap((p) => (p.email ? [p.email.toLowerCase()] : []));
  if (emails.length) await trx.updateTable('mail_outbox').set({ to_address: ANONYMISED_LABEL, subject: '', text_body: '' }).where((eb) => eb(eb.fn('lower', ['to_address']), 'in', emails)).execute();
  const phones = people.flatMap((p) => (p.phone ? [p.phone] : []));
  if (phones.length) {
    const numbers = [...new Set(phones.flatMap((p) => [p, p.replace(/^0/, '+33')]))];
    await trx.updateTable('sms_outbox').set({ to_number: '', body: '' }).where('to_number', 'in', numbers).execute();
  }

  if (pathwayIds.length) {
    await trx.updateTable('pathway').set({ closed_reason: null, anonymised_at: now }).where('id', 'in', pathwayIds).execute();
    const diagnoses = trx.selectFrom('diagnosis').select('id').where('pathway_id', 'in', pathwayIds);
    await trx.updateTable('diagnosis_area').set({ situation: '', needs: '' }).where('diagnosis_id', 'in', diagnoses).execute();
    await trx.updateTable('orientation_request').set({ reason: '' }).where('pathway_id', 'in', pathwayIds).execute();
    await trx.updateTable('plan_objective').set({ label: '' }).where('pathway_id', 'in', pathwayIds).execute();
    await trx.updateTable('plan_action').set({ label: '', company_name: null }).where('pathway_id', 'in', pathwayIds).execute();
    // The professional's message to a catalogue service and the service's answer speak of the person (issue 6 §5).
    await trx.updateTable('service_orientation').set({ message: '', answer_reason: sql<string | null>`case when answer_reason is null then null else '' end` }).where('pathway_id', 'in', pathwayIds).execute();
    await trx.updateTable('appointment').set({ place: '', subject: '' }).where('pathway_id', 'in', pathwayIds).execute();
    await trx.updateTable('pathway_event').set({ summary: '{}' }).where('pathway_id', 'in', pathwayIds).execute();
  }
  await recordAudit(
    trx,
    { actorUserId: null, actorLabel: 'Tâche de conservation des données', action: 'person.anonymised', objectType: 'person', objectId: personId, summary: { pathwayIds, mergedPersonIds: personIds.slice(1) } },
    now,
  );
  return true;
}

/** One run of the retention job: anonymises every person due at `now` (by batches); returns how many. */
export async function anonymiseDuePeople(db: Kysely<Database>, now: Date, options: { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? 100;
  let done = 0;
  const skipped = new Set<number>();
  for (;;) {
    const due = (await duePeople(db, now, batch + skipped.size)).filter((id) => !skipped.has(id));
    if (due.length === 0) return done;
    for (const personId of due) {
      const anonymised = await db.transaction().execute((trx) => anonymisePerson(trx, personId, now));
      if (anonymised) done += 1;
      else skipped.add(personId);
    }
  }
}
