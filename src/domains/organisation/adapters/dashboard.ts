/** The figures of the dashboard, computed in one pass over the actor's organisation perimeter. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { OrganisationScope } from '../../authorization/authorize.js';
import { inOrganisationScope } from './organisations.js';
import { ORGANISATION_KINDS, isOrganisationKind } from '../entities/organisation-kind.js';

export interface DashboardFigures {
  organisations: number;
  users: number;
  departements: number;
  byKind: { kind: string; label: string; count: number }[];
}

/** SQL of the dashboard, shared with the benchmark's bare route so both run exactly the same query. */
export function dashboardQuery(db: Kysely<Database>, scope: OrganisationScope) {
  const q = db
    .selectFrom('organisation as o')
    .select([
      'o.kind',
      sql<number>`count(distinct o.id)::int`.as('organisations'),
      sql<number>`count(u.id)::int`.as('users'),
      sql<string[]>`array_agg(distinct o.departement_code) filter (where o.departement_code is not null)`.as('departements'),
    ])
    .leftJoin('app_user as u', (join) => join.onRef('u.organisation_id', '=', 'o.id').on('u.active', '=', true))
    .groupBy('o.kind');
  return q.where(inOrganisationScope(scope, 'o'));
}

export async function dashboardFigures(db: Kysely<Database>, scope: OrganisationScope): Promise<DashboardFigures> {
  const rows = await dashboardQuery(db, scope).execute();
  const departements = new Set(rows.flatMap((r) => r.departements ?? []));
  return {
    organisations: rows.reduce((n, r) => n + r.organisations, 0),
    users: rows.reduce((n, r) => n + r.users, 0),
    departements: departements.size,
    byKind: rows
      .map((r) => ({ kind: r.kind, label: isOrganisationKind(r.kind) ? ORGANISATION_KINDS[r.kind] : r.kind, count: r.organisations }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'fr')),
  };
}
