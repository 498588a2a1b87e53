/**
 * The call's scoring grid and the reviewers' marks (issue 4 §2). A reviewer keeps one grid per
 * application and may change it while the application is in review; every change is audited.
 * The grid of a call is frozen once a mark has been given under it, so that scores stay comparable.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { acceptsOpinions } from '../entities/opinion.js';
import { averageTenths, checkMarks, isComplete, weightedScoreTenths, type ScoringCriterion } from '../entities/scoring-grid.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function callGrid(db: Db, callId: number): Promise<ScoringCriterion[]> {
  const row = await db.selectFrom('ami_call').select('scoring_criteria').where('id', '=', callId).executeTakeFirstOrThrow();
  return row.scoring_criteria;
}

export async function callHasMarks(db: Db, callId: number): Promise<boolean> {
  const row = await db
    .selectFrom('application_score as s')
    .innerJoin('application as a', 'a.id', 's.application_id')
    .select('s.application_id')
    .where('a.call_id', '=', callId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export type SaveGridResult = { ok: true } | { ok: false; message: string };

export async function saveCallGrid(db: Kysely<Database>, input: { callId: number; criteria: ScoringCriterion[]; actor: Actor; now: Date }): Promise<SaveGridResult> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('ami_call').select('id').where('id', '=', input.callId).forUpdate().executeTakeFirstOrThrow();
    if (await callHasMarks(trx, input.callId)) return { ok: false as const, message: 'Des évaluateurs ont déjà noté des candidatures avec cette grille : elle ne peut plus changer.' };
    await trx.updateTable('ami_call').set({ scoring_criteria: JSON.stringify(input.criteria) }).where('id', '=', input.callId).execute();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'call.grid', objectType: 'call', objectId: input.callId, summary: { criteria: input.criteria } }, input.now);
    return { ok: true as const };
  });
}

export type RecordMarksResult = { ok: true; scoreTenths: number } | { ok: false; status: 409 | 422; errors: Record<string, string> };

export async function recordMarks(
  db: Kysely<Database>,
  input: { applicationId: number; actor: Actor; marks: Record<string, string | undefined>; comment: string; now: Date },
): Promise<RecordMarksResult> {
  const comment = input.comment.trim();
  if (comment.length > 3000) return { ok: false, status: 422, errors: { comment: `Le commentaire dépasse 3000 caractères (${comment.length}).` } };
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select(['status', 'call_id']).where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (!acceptsOpinions(app.status)) return { ok: false as const, status: 409 as const, errors: { form: 'Cette candidature n’est pas en instruction : la grille ne peut plus être remplie.' } };
    // The call's row is held while marking, so that the grid cannot change under a mark (saveCallGrid locks it too).
    await trx.selectFrom('ami_call').select('id').where('id', '=', app.call_id).forShare().executeTakeFirstOrThrow();
    const criteria = await callGrid(trx, app.call_id);
    const checked = checkMarks(criteria, input.marks);
    if (!checked.ok) return { ok: false as const, status: 422 as const, errors: checked.errors };
    await trx
      .insertInto('application_score')
      .values({ application_id: input.applicationId, reviewer_user_id: input.actor.userId, marks: JSON.stringify(checked.marks), comment, updated_at: input.now })
      .onConflict((oc) => oc.columns(['application_id', 'reviewer_user_id']).doUpdateSet({ marks: JSON.stringify(checked.marks), comment, updated_at: input.now }))
      .execute();
    const scoreTenths = weightedScoreTenths(criteria, checked.marks);
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: 'application.score',
      objectType: 'application',
      objectId: input.applicationId,
      summary: { marks: checked.marks, scoreTenths },
    }, input.now);
    return { ok: true as const, scoreTenths };
  });
}

export interface ReviewerGrid {
  reviewerUserId: number;
  reviewerName: string;
  marks: Record<string, number>;
  comment: string;
  updatedAt: Date;
  scoreTenths: number;
}

export async function applicationGrids(db: Db, applicationId: number): Promise<{ criteria: ScoringCriterion[]; grids: ReviewerGrid[]; averageTenths: number | null }> {
  const app = await db.selectFrom('application').select('call_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
  const criteria = await callGrid(db, app.call_id);
  const rows = await db
    .selectFrom('application_score as s')
    .innerJoin('app_user as u', 'u.id', 's.reviewer_user_id')
    .select(['s.reviewer_user_id', 's.marks', 's.comment', 's.updated_at', 'u.given_name', 'u.family_name'])
    .where('s.application_id', '=', applicationId)
    .orderBy('s.updated_at')
    .orderBy('s.reviewer_user_id')
    .execute();
  const grids = rows
    .filter((r) => isComplete(criteria, r.marks))
    .map((r) => ({
      reviewerUserId: r.reviewer_user_id,
      reviewerName: `${r.given_name} ${r.family_name}`,
      marks: r.marks,
      comment: r.comment,
      updatedAt: r.updated_at,
      scoreTenths: weightedScoreTenths(criteria, r.marks),
    }));
  return { criteria, grids, averageTenths: averageTenths(grids.map((g) => g.scoreTenths)) };
}

/** Mean score and number of grids per application of a call, for the national decision table. */
export async function callScores(db: Db, callId: number): Promise<Map<number, { averageTenths: number; grids: number }>> {
  const criteria = await callGrid(db, callId);
  const rows = await db
    .selectFrom('application_score as s')
    .innerJoin('application as a', 'a.id', 's.application_id')
    .select(['s.application_id', 's.marks'])
    .where('a.call_id', '=', callId)
    .execute();
  const byApplication = new Map<number, number[]>();
  for (const r of rows) {
    if (!isComplete(criteria, r.marks)) continue;
    const list = byApplication.get(r.application_id) ?? [];
    list.push(weightedScoreTenths(criteria, r.marks));
    byApplication.set(r.application_id, list);
  }
  return new Map([...byApplication].map(([id, scores]) => [id, { averageTenths: averageTenths(scores)!, grids: scores.length }]));
}
