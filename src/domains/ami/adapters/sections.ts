/**
 * Saves one section of an application, only if nobody saved it since the version the author read
 * (co-editing without lost updates, issue 3 §5). A stale save is refused with what the other person changed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import type { ApplicationContent, SectionKey } from '../entities/application-content.js';
import { isEditable } from '../entities/application-status.js';
import { diffSection, type FieldChange } from '../entities/section-diff.js';

export type SaveSectionResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'locked'; status: string }
  | {
      ok: false;
      reason: 'stale';
      current: { content: unknown; version: number; updatedAt: Date; updatedByName: string };
      /** What the other person(s) changed between the version the author read and the current one. */
      changes: FieldChange[];
    };

export async function saveSection<K extends SectionKey>(
  db: Kysely<Database>,
  input: { applicationId: number; section: K; content: ApplicationContent[K]; baseVersion: number; actor: Actor; now: Date },
): Promise<SaveSectionResult> {
  const { applicationId, section, baseVersion, actor, now } = input;
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select('status').where('id', '=', applicationId).forUpdate().executeTakeFirstOrThrow();
    if (!isEditable(app.status)) return { ok: false, reason: 'locked', status: app.status };
    const content = JSON.stringify(input.content);
    const updated = await trx
      .updateTable('application_section')
      .set({ content, version: baseVersion + 1, updated_by: actor.userId, updated_at: now })
      .where('application_id', '=', applicationId)
      .where('section', '=', section)
      .where('version', '=', baseVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      const current = await trx
        .selectFrom('application_section as s')
        .leftJoin('app_user as u', 'u.id', 's.updated_by')
        .select(['s.content', 's.version', 's.updated_at', 'u.given_name', 'u.family_name'])
        .where('s.application_id', '=', applicationId)
        .where('s.section', '=', section)
        .executeTakeFirstOrThrow();
      const base = await trx
        .selectFrom('application_section_history')
        .select('content')
        .where('application_id', '=', applicationId)
        .where('section', '=', section)
        .where('version', '=', baseVersion)
        .executeTakeFirst();
      return {
        ok: false,
        reason: 'stale',
        current: {
          content: current.content,
          version: current.version,
          updatedAt: current.updated_at,
          updatedByName: current.given_name ? `${current.given_name} ${current.family_name}` : 'un autre utilisateur',
        },
        changes: diffSection(base?.content ?? {}, current.content),
      };
    }
    await trx
      .insertInto('application_section_history')
      .values({ application_id: applicationId, section, version: baseVersion + 1, content, updated_by: actor.userId, updated_at: now })
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      actorLabel: actor.displayName,
      action: 'application.section.save',
      objectType: 'application',
      objectId: applicationId,
      summary: { section, version: baseVersion + 1 },
    }, now);
    return { ok: true, version: baseVersion + 1 };
  });
}
