/** The timeline of a pathway (issue 5 §8): every event, who and when, in order. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export const EVENT_LABELS: Record<string, string> = {
  'pathway.opened': 'Parcours ouvert',
  'pathway.closed': 'Parcours clos',
  'referent.assigned': 'Référent désigné',
  'member.added': 'Professionnel ajouté au parcours',
  'member.left': 'Professionnel sorti du parcours',
  'diagnosis.recorded': 'Diagnostic enregistré',
  'orientation.requested': 'Orientation demandée',
  'orientation.accepted': 'Orientation acceptée',
  'orientation.refused': 'Orientation refusée',
  'objective.added': 'Objectif ajouté',
  'action.added': 'Action ajoutée',
  'action.status': 'Action mise à jour',
  'contract.signed': 'Contrat enregistré',
  'appointment.scheduled': 'Rendez-vous fixé',
  'appointment.status': 'Rendez-vous mis à jour',
  'appointment.reminded': 'Rappel de rendez-vous envoyé',
  'person.comment': 'Commentaire de la personne',
  'person.objective': 'Objectif ajouté par la personne',
  'person.merged': 'Fiches fusionnées',
  'service.orientation': 'Orientation vers un service',
  'service.answer': 'Réponse du service',
};

export async function recordEvent(
  db: Db,
  input: { pathwayId: number; kind: string; summary?: Record<string, unknown>; actorUserId: number | null; actorLabel: string; now: Date },
): Promise<void> {
  await db
    .insertInto('pathway_event')
    .values({ pathway_id: input.pathwayId, kind: input.kind, summary: JSON.stringify(input.summary ?? {}), actor_user_id: input.actorUserId, actor_label: input.actorLabel, occurred_at: input.now })
    .execute();
}

export async function listEvents(db: Db, pathwayId: number) {
  return db.selectFrom('pathway_event').select(['id', 'kind', 'summary', 'actor_label', 'occurred_at']).where('pathway_id', '=', pathwayId).orderBy('id').execute();
}
