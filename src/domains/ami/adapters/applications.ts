/** Creates, reads and lists applications. Sections, attachments and submission have modules of their own. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { AuthzObject } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import {
  EMPTY_CONTENT,
  SECTION_KEYS,
  type ApplicationContent,
  type ApplicationTerritory,
  type CommitmentLetterSigner,
  type SectionKey,
} from '../entities/application-content.js';
import { isBeforeDeadline } from '../entities/deadline.js';
import { excludedTerritoryMessage, isExcludedTerritory } from '../entities/excluded-territories.js';

type Db = Kysely<Database> | Transaction<Database>;

export type CreateApplicationResult =
  | { ok: true; id: number }
  | { ok: false; field: 'callId' | 'departementCode' | 'territory'; rule?: string; message: string };

export async function createApplication(
  db: Kysely<Database>,
  input: { callId: number; leadOrganisationId: number; territory: ApplicationTerritory; actor: Actor; now: Date },
): Promise<CreateApplicationResult> {
  const { callId, territory, actor, now } = input;
  const call = await db.selectFrom('ami_call').selectAll().where('id', '=', callId).executeTakeFirst();
  if (!call || call.status !== 'published') return { ok: false, field: 'callId', message: 'Choisissez un appel ouvert.' };
  if (!isBeforeDeadline(now, call.deadline_at)) {
    return { ok: false, field: 'callId', rule: 'AMI-2', message: 'La date limite de dépôt de cet appel est passée.' };
  }
  const departement = await db.selectFrom('departement').select(['code']).where('code', '=', territory.departementCode).executeTakeFirst();
  if (!departement) return { ok: false, field: 'departementCode', message: 'Choisissez le département du projet.' };
  if (isExcludedTerritory(territory.departementCode, call.excluded_territories)) {
    return { ok: false, field: 'departementCode', rule: 'AMI-3', message: excludedTerritoryMessage(territory.departementCode) };
  }
  if (territory.kind === 'bassins') {
    const problem = await checkBassins(db, territory);
    if (problem) return { ok: false, field: 'territory', rule: 'AMI-4', message: problem };
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('application')
      .values({
        call_id: callId,
        lead_organisation_id: input.leadOrganisationId,
        departement_code: territory.departementCode,
        territory_kind: territory.kind,
        epci_codes: territory.kind === 'bassins' ? territory.epciCodes : [],
        commune_codes: territory.kind === 'bassins' ? territory.communeCodes : [],
        territory_justification: territory.kind === 'bassins' ? territory.justification : '',
        created_by: actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const section of SECTION_KEYS) {
      const content = JSON.stringify(EMPTY_CONTENT[section]);
      await trx.insertInto('application_section').values({ application_id: row.id, section, content, version: 1, updated_by: actor.userId, updated_at: now }).execute();
      await trx.insertInto('application_section_history').values({ application_id: row.id, section, content, version: 1, updated_by: actor.userId, updated_at: now }).execute();
    }
    await trx.insertInto('application_transition').values({ application_id: row.id, from_status: null, to_status: 'draft', actor_user_id: actor.userId, occurred_at: now }).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      actorLabel: actor.displayName,
      action: 'application.create',
      objectType: 'application',
      objectId: row.id,
      summary: { callId, departementCode: territory.departementCode, territoryKind: territory.kind },
    }, now);
    return { ok: true as const, id: row.id };
  });
}

/** AMI-4: bassins de vie are EPCI or communes of the département, with a justification. */
async function checkBassins(db: Db, territory: Extract<ApplicationTerritory, { kind: 'bassins' }>): Promise<string | null> {
  if (territory.epciCodes.length + territory.communeCodes.length === 0) return 'Choisissez au moins un EPCI ou une commune.';
  if (territory.justification.trim().length < 20) return 'Expliquez en quelques phrases pourquoi ces bassins de vie sont pertinents.';
  if (territory.communeCodes.length) {
    const found = await db.selectFrom('commune').select('code').where('code', 'in', territory.communeCodes).where('departement_code', '=', territory.departementCode).execute();
    if (found.length !== new Set(territory.communeCodes).size) return 'Certaines communes ne sont pas dans ce département.';
  }
  if (territory.epciCodes.length) {
    const found = await db
      .selectFrom('commune')
      .select('epci_code')
      .distinct()
      .where('epci_code', 'in', territory.epciCodes)
      .where('departement_code', '=', territory.departementCode)
      .execute();
    if (found.length !== new Set(territory.epciCodes).size) return 'Certains EPCI n’ont aucune commune dans ce département.';
  }
  return null;
}

export async function applicationAuthzObject(db: Db, id: number): Promise<AuthzObject | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await db
    .selectFrom('application as a')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .select(['a.id', 'a.lead_organisation_id', 'a.departement_code', 'd.region_code', 'a.status', 'a.shared_with_prefecture_at'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const collaborators = await db
    .selectFrom('application_collaborator as c')
    .innerJoin('app_user as u', (j) => j.on(sql`lower(u.email)`, '=', sql.ref('c.email')))
    .select('u.id')
    .where('c.application_id', '=', id)
    .execute();
  const experts = await db.selectFrom('expert_invitation').select('expert_user_id').where('application_id', '=', id).execute();
  return {
    type: 'application',
    id: row.id,
    leadOrganisationId: row.lead_organisation_id,
    departementCode: row.departement_code,
    regionCode: row.region_code,
    status: row.status,
    collaboratorUserIds: collaborators.map((c) => c.id),
    expertUserIds: experts.map((e) => e.expert_user_id),
    sharedWithPrefecture: row.shared_with_prefecture_at !== null,
  };
}

export interface SectionState<T> {
  content: T;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
}

export type LoadedSections = { [K in SectionKey]: SectionState<ApplicationContent[K]> };

export async function loadSections(db: Db, applicationId: number): Promise<LoadedSections> {
  const rows = await db
    .selectFrom('application_section as s')
    .leftJoin('app_user as u', 'u.id', 's.updated_by')
    .select(['s.section', 's.content', 's.version', 's.updated_at', 'u.given_name', 'u.family_name'])
    .where('s.application_id', '=', applicationId)
    .execute();
  const out = {} as Record<string, SectionState<unknown>>;
  for (const key of SECTION_KEYS) {
    const r = rows.find((x) => x.section === key);
    out[key] = r
      ? { content: r.content, version: r.version, updatedAt: r.updated_at, updatedByName: r.given_name ? `${r.given_name} ${r.family_name}` : null }
      : { content: EMPTY_CONTENT[key], version: 0, updatedAt: new Date(0), updatedByName: null };
  }
  return out as LoadedSections;
}

export function contentOf(sections: LoadedSections): ApplicationContent {
  return Object.fromEntries(SECTION_KEYS.map((k) => [k, sections[k].content])) as unknown as ApplicationContent;
}

export async function getApplication(db: Db, id: number) {
  return db
    .selectFrom('application as a')
    .innerJoin('ami_call as c', 'c.id', 'a.call_id')
    .innerJoin('organisation as o', 'o.id', 'a.lead_organisation_id')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .select([
      'a.id',
      'a.call_id',
      'a.lead_organisation_id',
      'a.departement_code',
      'a.territory_kind',
      'a.epci_codes',
      'a.commune_codes',
      'a.territory_justification',
      'a.status',
      'a.created_at',
      'a.submitted_at',
      'a.submitted_digest',
      'c.title as call_title',
      'c.deadline_at',
      'c.max_grant_cents',
      'c.min_self_funding_rate_bp',
      'c.excluded_territories',
      'c.status as call_status',
      'o.name as lead_name',
      'o.siret as lead_siret',
      'o.kind as lead_kind',
      'd.name as departement_name',
      'd.region_code',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof getApplication>>>;

export function territoryOf(app: ApplicationRow): ApplicationTerritory {
  return app.territory_kind === 'bassins'
    ? { kind: 'bassins', departementCode: app.departement_code, epciCodes: app.epci_codes, communeCodes: app.commune_codes, justification: app.territory_justification }
    : { kind: 'departement', departementCode: app.departement_code };
}

export async function commitmentLetterSigners(db: Db, applicationId: number): Promise<CommitmentLetterSigner[]> {
  const rows = await db
    .selectFrom('application_attachment')
    .select('signer')
    .distinct()
    .where('application_id', '=', applicationId)
    .where('kind', '=', 'commitment_letter')
    .where('removed_at', 'is', null)
    .execute();
  return rows.map((r) => r.signer).filter((s): s is CommitmentLetterSigner => s !== null);
}

export async function otherSubmittedForTerritory(db: Db, app: { id: number; call_id: number; departement_code: string }): Promise<boolean> {
  const other = await db
    .selectFrom('application')
    .select('id')
    .where('call_id', '=', app.call_id)
    .where('departement_code', '=', app.departement_code)
    .where('id', '!=', app.id)
    .where('status', 'not in', ['draft', 'withdrawn'])
    .executeTakeFirst();
  return Boolean(other);
}

/**
 * The applications an actor may see, with the same perimeter rules as `authorize` (application.view):
 * a query on `application as a` joined to `ami_call as c`, `organisation as o` and `departement as d`,
 * with nothing selected yet. Shared by the list and the exports.
 */
export async function visibleApplicationsQuery(db: Kysely<Database>, actor: Actor) {
  const national = actor.assignments.some((a) => a.perimeter.kind === 'national');
  const orgIds = actor.assignments.flatMap((a) => (a.perimeter.kind === 'organisation' ? [a.perimeter.organisationId] : []));
  const regions = actor.assignments.flatMap((a) => (a.perimeter.kind === 'region' && a.role !== 'expert' ? [a.perimeter.regionCode] : []));
  const isExpert = actor.assignments.some((a) => a.role === 'expert');
  const deps = actor.assignments.flatMap((a) => (a.perimeter.kind === 'departement' ? [a.perimeter.departementCode] : []));
  const email = await db.selectFrom('app_user').select('email').where('id', '=', actor.userId).executeTakeFirst();
  const q = db
    .selectFrom('application as a')
    .innerJoin('ami_call as c', 'c.id', 'a.call_id')
    .innerJoin('organisation as o', 'o.id', 'a.lead_organisation_id')
    .innerJoin('departement as d', 'd.code', 'a.departement_code');
  if (national) return q;
  return q.where((eb) =>
    eb.or([
      ...(orgIds.length ? [eb('a.lead_organisation_id', 'in', orgIds)] : []),
      ...(regions.length ? [eb.and([eb('d.region_code', 'in', regions), eb('a.status', '!=', 'draft')])] : []),
      ...(deps.length
        ? [eb.and([eb('a.departement_code', 'in', deps), eb.or([eb('a.status', '!=', 'draft'), eb('a.shared_with_prefecture_at', 'is not', null)])])]
        : []),
      eb(
        'a.id',
        'in',
        eb.selectFrom('application_collaborator').select('application_id').where('email', '=', (email?.email ?? '').toLowerCase()),
      ),
      ...(isExpert
        ? [eb.and([eb('a.status', '!=', 'draft'), eb('a.id', 'in', eb.selectFrom('expert_invitation').select('application_id').where('expert_user_id', '=', actor.userId))])]
        : []),
    ]),
  );
}

/** The applications an actor may see, with the same perimeter rules as `authorize` (application.view). */
export async function listVisibleApplications(db: Kysely<Database>, actor: Actor) {
  return (await visibleApplicationsQuery(db, actor))
    .select(['a.id', 'a.status', 'a.departement_code', 'a.submitted_at', 'c.title as call_title', 'c.deadline_at', 'o.name as lead_name', 'd.name as departement_name'])
    .orderBy('a.id', 'desc')
    .execute();
}
