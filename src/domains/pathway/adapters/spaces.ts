/**
 * Operating spaces (issue 5 §1): a selected territory becomes one; the consortium organisations of its
 * application are its member organisations; its coordinator invites and deactivates professionals.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { AuthzObject } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import { normaliseSiret } from '../../organisation/entities/siret.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Opens the space of a selected application, once: its lead organisation and the consortium members
 * already known by SIRET become member organisations. Returns the space id.
 */
export async function openSpaceForApplication(trx: Transaction<Database>, applicationId: number, now: Date): Promise<number> {
  const existing = await trx.selectFrom('territory_space').select('id').where('application_id', '=', applicationId).executeTakeFirst();
  if (existing) return existing.id;
  const app = await trx
    .selectFrom('application as a')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .select(['a.lead_organisation_id', 'a.departement_code', 'd.name as departement_name'])
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const space = await trx
    .insertInto('territory_space')
    .values({ application_id: applicationId, departement_code: app.departement_code, lead_organisation_id: app.lead_organisation_id, name: `SPIE ${app.departement_name}`, opened_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const consortium = await trx.selectFrom('application_section').select('content').where('application_id', '=', applicationId).where('section', '=', 'consortium').executeTakeFirst();
  const sirets = ((consortium?.content as { members?: { siret?: string }[] } | undefined)?.members ?? []).map((m) => normaliseSiret(m.siret ?? '')).filter((s) => /^\d{14}$/.test(s));
  const members = sirets.length ? await trx.selectFrom('organisation').select('id').where('siret', 'in', sirets).execute() : [];
  const ids = [...new Set([app.lead_organisation_id, ...members.map((m) => m.id)])];
  await trx.insertInto('space_organisation').values(ids.map((organisation_id) => ({ space_id: space.id, organisation_id, added_at: now }))).execute();
  return space.id;
}

export async function spaceAuthzObject(db: Db, spaceId: number): Promise<AuthzObject | null> {
  if (!Number.isSafeInteger(spaceId) || spaceId <= 0) return null;
  const space = await db.selectFrom('territory_space').select(['id', 'lead_organisation_id']).where('id', '=', spaceId).executeTakeFirst();
  if (!space) return null;
  const orgs = await db.selectFrom('space_organisation').select('organisation_id').where('space_id', '=', spaceId).execute();
  return {
    type: 'space',
    id: space.id,
    leadOrganisationId: space.lead_organisation_id,
    memberOrganisationIds: orgs.map((o) => o.organisation_id),
    activeProfessionalUserIds: await activeProfessionalIds(db, spaceId),
  };
}

export async function activeProfessionalIds(db: Db, spaceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('space_professional as p')
    .innerJoin('app_user as u', 'u.id', 'p.user_id')
    .select('p.user_id')
    .where('p.space_id', '=', spaceId)
    .where('p.deactivated_at', 'is', null)
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The spaces whose member organisations include one of the actor's organisations. */
export async function spacesOf(db: Db, actor: Actor): Promise<{ id: number; name: string; departement_code: string }[]> {
  const orgIds = actor.assignments.flatMap((a) => (a.perimeter.kind === 'organisation' ? [a.perimeter.organisationId] : []));
  if (!orgIds.length) return [];
  return db
    .selectFrom('territory_space as s')
    .innerJoin('space_organisation as o', 'o.space_id', 's.id')
    .select(['s.id', 's.name', 's.departement_code'])
    .where('o.organisation_id', 'in', orgIds)
    .distinct()
    .orderBy('s.name')
    .execute();
}

export async function listProfessionals(db: Db, spaceId: number) {
  return db
    .selectFrom('space_professional as p')
    .innerJoin('app_user as u', 'u.id', 'p.user_id')
    .innerJoin('organisation as o', 'o.id', 'p.organisation_id')
    .select(['p.user_id', 'u.given_name', 'u.family_name', 'u.email', 'o.name as organisation_name', 'p.organisation_id', 'p.invited_at', 'p.deactivated_at'])
    .where('p.space_id', '=', spaceId)
    .orderBy('u.family_name')
    .orderBy('u.given_name')
    .execute();
}

export async function memberOrganisations(db: Db, spaceId: number) {
  return db
    .selectFrom('space_organisation as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select(['o.id', 'o.name', 'o.kind'])
    .where('s.space_id', '=', spaceId)
    .orderBy('o.name')
    .execute();
}

export type InviteResult = { ok: true; userId: number; created: boolean } | { ok: false; errors: Record<string, string> };

/**
 * The coordinator invites a professional of a member organisation: the account is created if the
 * e-mail is unknown (they will sign in with ProConnect), given the « professionnel » role on that
 * organisation, and made active in the space.
 */
export async function inviteProfessional(
  db: Kysely<Database>,
  input: { spaceId: number; email: string; givenName: string; familyName: string; organisationId: number; actor: Actor; now: Date },
): Promise<InviteResult> {
  const email = input.email.trim().toLowerCase();
  const errors: Record<string, string> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) errors.email = 'Indiquez une adresse électronique valide, par exemple prenom.nom@organisation.fr.';
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  if (!givenName) errors.givenName = 'Indiquez le prénom.';
  if (!familyName) errors.familyName = 'Indiquez le nom.';
  const member = await db.selectFrom('space_organisation').select('organisation_id').where('space_id', '=', input.spaceId).where('organisation_id', '=', input.organisationId).executeTakeFirst();
  if (!member) errors.organisationId = 'Choisissez une organisation membre du SPIE.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return db.transaction().execute(async (trx) => {
    let user = await trx.selectFrom('app_user').select(['id', 'organisation_id', 'active']).where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
    let created = false;
    if (!user) {
      user = await trx
        .insertInto('app_user')
        .values({ email, given_name: givenName, family_name: familyName, organisation_id: input.organisationId })
        .returning(['id', 'organisation_id', 'active'])
        .executeTakeFirstOrThrow();
      created = true;
    } else if (user.organisation_id !== null && user.organisation_id !== input.organisationId) {
      return { ok: false as const, errors: { email: 'Cette personne a déjà un compte dans une autre organisation.' } };
    }
    const hasRole = await trx
      .selectFrom('role_assignment')
      .select('id')
      .where('user_id', '=', user.id)
      .where('role', '=', 'professional')
      .where('perimeter_code', '=', String(input.organisationId))
      .executeTakeFirst();
    if (!hasRole) await trx.insertInto('role_assignment').values({ user_id: user.id, role: 'professional', perimeter_kind: 'organisation', perimeter_code: String(input.organisationId) }).execute();
    await trx
      .insertInto('space_professional')
      .values({ space_id: input.spaceId, user_id: user.id, organisation_id: input.organisationId, invited_by: input.actor.userId, invited_at: input.now })
      .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ deactivated_at: null, deactivated_by: null, organisation_id: input.organisationId }))
      .execute();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'space.inviteProfessional', objectType: 'space', objectId: input.spaceId, summary: { userId: user.id, organisationId: input.organisationId, created } }, input.now);
    return { ok: true as const, userId: user.id, created };
  });
}

/** Deactivates a professional in the space: they lose every pathway of it at once (SPIE-7); history stays. */
export async function deactivateProfessional(db: Kysely<Database>, input: { spaceId: number; userId: number; actor: Actor; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('space_professional')
      .set({ deactivated_at: input.now, deactivated_by: input.actor.userId })
      .where('space_id', '=', input.spaceId)
      .where('user_id', '=', input.userId)
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'space.deactivateProfessional', objectType: 'space', objectId: input.spaceId, summary: { userId: input.userId } }, input.now);
    return true;
  });
}

export async function spaceHeader(db: Db, spaceId: number) {
  return db.selectFrom('territory_space').select(['id', 'name', 'departement_code', 'lead_organisation_id', 'opened_at']).where('id', '=', spaceId).executeTakeFirst();
}

/** SPIE-4: the orientation requests of the space still waiting for the département's answer, oldest first. */
export async function pendingOrientationRequests(db: Db, spaceId: number) {
  return db
    .selectFrom('orientation_request as r')
    .innerJoin('pathway as w', 'w.id', 'r.pathway_id')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .innerJoin('organisation as o', 'o.id', 'r.receiving_organisation_id')
    .leftJoin('app_user as u', 'u.id', 'r.proposed_referent_user_id')
    .leftJoin('app_user as q', 'q.id', 'r.requested_by')
    .select([
      'r.id',
      'r.kind',
      'r.requested_at',
      'w.id as pathway_id',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      'p.rsa_rights_opened_on',
      'o.name as organisation_name',
      'u.given_name as referent_given_name',
      'u.family_name as referent_family_name',
      'q.given_name as requester_given_name',
      'q.family_name as requester_family_name',
    ])
    .where('w.space_id', '=', spaceId)
    .where('r.status', '=', 'pending')
    .where('w.anonymised_at', 'is', null)
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
}

/** An orientation request of this space (null when it belongs to another one), with who asked. */
export async function orientationRequestOfSpace(db: Db, spaceId: number, requestId: number) {
  if (!Number.isSafeInteger(requestId) || requestId <= 0) return null;
  const row = await db
    .selectFrom('orientation_request as r')
    .innerJoin('pathway as w', 'w.id', 'r.pathway_id')
    .leftJoin('app_user as q', 'q.id', 'r.requested_by')
    .select(['r.id', 'r.status', 'r.pathway_id', 'q.email as requester_email', 'q.active as requester_active'])
    .where('r.id', '=', requestId)
    .where('w.space_id', '=', spaceId)
    .executeTakeFirst();
  return row ?? null;
}

/** A professional of the space, with the open pathways they are the referent of (to warn before deactivating). */
export async function professionalOfSpace(db: Db, spaceId: number, userId: number) {
  if (!Number.isSafeInteger(userId) || userId <= 0) return null;
  const row = await db
    .selectFrom('space_professional as p')
    .innerJoin('app_user as u', 'u.id', 'p.user_id')
    .innerJoin('organisation as o', 'o.id', 'p.organisation_id')
    .select(['p.user_id', 'u.given_name', 'u.family_name', 'u.email', 'o.name as organisation_name', 'p.deactivated_at'])
    .where('p.space_id', '=', spaceId)
    .where('p.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  const referentOf = await db.selectFrom('pathway').select('id').where('space_id', '=', spaceId).where('referent_user_id', '=', userId).where('status', '=', 'open').execute();
  return { ...row, openPathwaysAsReferent: referentOf.length };
}

export async function spaceSettings(db: Db, spaceId: number) {
  return db.selectFrom('territory_space').select(['retention_months', 'former_referent_days']).where('id', '=', spaceId).executeTakeFirstOrThrow();
}

/** The coordinator changes the space's periods (SPIE-2, SPIE-8); audited with the values before and after. */
export async function updateSpaceSettings(db: Kysely<Database>, input: { spaceId: number; retentionMonths: number; formerReferentDays: number; actor: Actor; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('territory_space').select(['retention_months', 'former_referent_days']).where('id', '=', input.spaceId).forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('territory_space').set({ retention_months: input.retentionMonths, former_referent_days: input.formerReferentDays }).where('id', '=', input.spaceId).execute();
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: 'space.settings',
      objectType: 'space',
      objectId: input.spaceId,
      summary: { before, after: { retention_months: input.retentionMonths, former_referent_days: input.formerReferentDays } },
    }, input.now);
  });
}
