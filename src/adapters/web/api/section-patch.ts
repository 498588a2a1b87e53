/**
 * updateApplication: replaces the sections sent, each based on the version its author read (co-editing
 * without lost updates, issue 3 §5). Versions are checked for every section before anything is saved,
 * so a stale version anywhere saves nothing; then each section is saved by `saveSection`, which refuses
 * a save that became stale in the meantime.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { saveSection, type SaveSectionResult } from '../../../domains/ami/adapters/sections.js';
import { SECTION_KEYS, SECTION_TITLES, type ApplicationContent, type SectionKey } from '../../../domains/ami/entities/application-content.js';
import { applicationStatusLabel, isEditable } from '../../../domains/ami/entities/application-status.js';
import type { Actor } from '../../../domains/identity/entities/role.js';
import { ApiError, type ApiErrorDetail } from './errors.js';
import type { SectionPatch } from './schemas.js';

type Entry = { key: SectionKey; version: number; content: ApplicationContent[SectionKey] };
type Stale = Extract<SaveSectionResult, { reason: 'stale' }>;

/** « expenses › 2 › amountCents » (as shown to people, lines from 1) → « expenses.1.amountCents » (JSON, from 0). */
const jsonPath = (path: string) => path.split(' › ').map((p) => (/^\d+$/.test(p) ? String(Number(p) - 1) : p)).join('.');
const shown = (text: string) => (text === '' ? '(vide)' : `« ${text} »`);

function conflictOf(key: SectionKey, yourVersion: number, stale: Stale) {
  const { current, changes } = stale;
  const details: ApiErrorDetail[] = [
    {
      field: `sections.${key}`,
      message: `La section « ${SECTION_TITLES[key]} » a été modifiée par ${current.updatedByName} (version ${current.version}) depuis la version ${yourVersion} que vous avez lue.`,
    },
    ...changes.map((c) => ({ field: `sections.${key}.${jsonPath(c.path)}`, message: `${c.path} : ${shown(c.before)} → ${shown(c.after)}` })),
  ];
  const conflict = {
    yourVersion,
    currentVersion: current.version,
    updatedAt: current.updatedAt.toISOString(),
    updatedBy: current.updatedByName,
    content: current.content,
    changes,
  };
  return { details, conflict };
}

function lockedError(status: string): ApiError {
  return new ApiError(409, 'La candidature ne peut plus être modifiée.', [
    { field: 'status', message: `Elle est dans l’état « ${applicationStatusLabel(status)} » : seuls les brouillons et les dossiers à compléter se modifient.` },
  ]);
}

export async function patchSections(db: Kysely<Database>, input: { applicationId: number; sections: SectionPatch; actor: Actor; now: Date }): Promise<void> {
  const { applicationId, actor, now } = input;
  const entries: Entry[] = SECTION_KEYS.flatMap((key) => {
    const e = input.sections[key];
    return e ? [{ key, version: e.version, content: e.content as ApplicationContent[SectionKey] }] : [];
  });
  if (entries.length === 0) throw new ApiError(400, 'Le corps de la requête n’est pas valide.', [{ field: 'sections', message: 'Indiquez au moins une section à enregistrer.' }]);

  const app = await db.selectFrom('application').select('status').where('id', '=', applicationId).executeTakeFirstOrThrow();
  if (!isEditable(app.status)) throw lockedError(app.status);
  const rows = await db.selectFrom('application_section').select(['section', 'version']).where('application_id', '=', applicationId).execute();
  const currentVersion = (key: SectionKey) => rows.find((r) => r.section === key)?.version ?? 0;

  const details: ApiErrorDetail[] = [];
  const conflicts: Record<string, unknown> = {};
  for (const e of entries.filter((x) => x.version !== currentVersion(x.key))) {
    if (e.version > currentVersion(e.key)) {
      details.push({ field: `sections.${e.key}.version`, message: `La version ${e.version} de la section « ${SECTION_TITLES[e.key]} » n’existe pas : la version actuelle est ${currentVersion(e.key)}.` });
      continue;
    }
    // Versions only grow: a save based on an older one is refused, and tells what the others changed.
    const result = await saveSection(db, { applicationId, section: e.key, content: e.content, baseVersion: e.version, actor, now });
    if (!result.ok && result.reason === 'locked') throw lockedError(result.status);
    if (!result.ok) {
      const c = conflictOf(e.key, e.version, result);
      details.push(...c.details);
      conflicts[e.key] = c.conflict;
    }
  }
  if (details.length > 0) {
    throw new ApiError(409, 'Une section a changé depuis que vous l’avez lue : rien n’a été enregistré. Relisez-la, puis renvoyez vos modifications avec sa version actuelle.', details, { conflicts });
  }

  const saved: Record<string, { version: number }> = {};
  for (const e of entries) {
    const result = await saveSection(db, { applicationId, section: e.key, content: e.content, baseVersion: e.version, actor, now });
    if (result.ok) {
      saved[e.key] = { version: result.version };
      continue;
    }
    if (result.reason === 'locked') throw lockedError(result.status);
    // Someone saved this section between the check and the save: what was saved before it stays saved.
    const c = conflictOf(e.key, e.version, result);
    throw new ApiError(409, 'Une section a changé pendant l’enregistrement : les sections listées dans « saved » ont été enregistrées, pas les autres.', c.details, {
      conflicts: { [e.key]: c.conflict },
      saved,
    });
  }
}
