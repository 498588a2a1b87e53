/** The person's pathway in plain French (SPIE-6): the read-only sections of « Mon parcours ». */
import { ACCESS_ACTIONS } from '../../../../domains/pathway/adapters/access-log.js';
import { EVENT_LABELS } from '../../../../domains/pathway/adapters/events.js';
import type { PathwayRecord } from '../../../../domains/pathway/adapters/record.js';
import { APPOINTMENT_STATUSES } from '../../../../domains/pathway/entities/appointment.js';
import { DIAGNOSIS_AREAS } from '../../../../domains/pathway/entities/diagnosis-areas.js';
import { ACTION_STATUSES, CONTRACT_KINDS } from '../../../../domains/pathway/entities/plan.js';
import { appointmentWhen } from '../../../../domains/pathway/use-cases/appointment-reminders.js';
import { EmptyState, Table, formatParis } from '../../components/ui.js';

/** A label of a table of labels, as plain text (an unknown key is shown as is). */
export function labelOf(table: Record<string, string>, key: string): string {
  return table[key] ?? key;
}

const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
export const longDay = (date: Date): string => DAY.format(date);
export const isoDay = (text: string): string => DAY.format(new Date(`${text}T12:00:00Z`));

/** What each orientation means for the person, in their words. */
const ORIENTATION_PLAIN: Record<string, string> = {
  professional: 'Vous êtes accompagné(e) vers l’emploi : votre référent vous aide à trouver une formation ou un travail.',
  socio_professional: 'Vous êtes accompagné(e) vers l’emploi, avec une aide pour régler en même temps les difficultés du quotidien.',
  social: 'Vous êtes d’abord accompagné(e) pour régler les difficultés du quotidien (logement, santé, démarches), avant de chercher un emploi.',
};

const CONTRACT_PLAIN: Record<string, string> = {
  cer: 'Ce contrat, signé avec le département, dit ce que vous vous engagez à faire et ce que l’on fait pour vous aider.',
  ppae: 'Ce projet, établi avec France Travail, dit quel emploi vous cherchez et comment.',
  contrat_engagement: 'Ce contrat dit ce que vous vous engagez à faire et ce que l’on fait pour vous aider.',
};

export type EventRow = { id: number; kind: string; summary: Record<string, unknown>; actor_label: string; occurred_at: Date };
export type AccessRow = { id: number; actor_label: string; organisation_label: string | null; action: string; occurred_at: Date };

export function ReferentSection({ record, referentEmail }: { record: PathwayRecord; referentEmail: string | null }) {
  const opened: string = `Votre parcours a été ouvert le ${longDay(record.opened_at)}.`;
  const holder: string = `C’est ${record.holding_organisation_name} qui suit votre parcours.`;
  const referent: string | null = record.referent_given_name ? `${record.referent_given_name} ${record.referent_family_name}` : null;
  const orientation: string = record.orientation_kind ? (ORIENTATION_PLAIN[record.orientation_kind] ?? '') : 'Le type d’accompagnement qui vous convient le mieux n’est pas encore décidé.';
  return (
    <section class="fr-mb-6w" aria-labelledby="referent-titre">
      <h2 id="referent-titre">Qui vous accompagne</h2>
      <p safe>{opened}</p>
      {referent ? (
        <div class="fr-callout">
          <p class="fr-callout__title" safe>
            {`Votre référent : ${referent}`}
          </p>
          <p class="fr-callout__text" safe>
            {`${referent} travaille à ${record.holding_organisation_name}. C’est la personne à contacter pour toute question sur votre parcours.`}
          </p>
          {referentEmail ? (
            <p>
              Pour le contacter : <a href={`mailto:${referentEmail}`} safe>{referentEmail}</a>
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        <p safe>{`${holder} Votre référent n’est pas encore désigné : en attendant, adressez-vous à cette organisation.`}</p>
      )}
      <p safe>{orientation}</p>
    </section>
  );
}

export function SituationSection({ record }: { record: PathwayRecord }) {
  const latest = record.diagnoses[0];
  return (
    <section class="fr-mb-6w" aria-labelledby="situation-titre">
      <h2 id="situation-titre">Où vous en êtes</h2>
      {latest ? (
        <>
          <p safe>{`Ce point a été fait avec ${latest.author_label} le ${longDay(latest.created_at)}.`}</p>
          <dl>
            {latest.areas.map((a) => (
              <>
                <dt class="fr-text--bold" safe>
                  {labelOf(DIAGNOSIS_AREAS, a.area)}
                </dt>
                <dd class="fr-mb-2w">
                  <p class="fr-mb-1v spie-pre" safe>{`Votre situation : ${a.situation}`}</p>
                  {a.needs ? <p class="fr-mb-0 spie-pre" safe>{`Ce qui peut vous aider : ${a.needs}`}</p> : ''}
                </dd>
              </>
            ))}
          </dl>
        </>
      ) : (
        <EmptyState title="Le point sur votre situation n’a pas encore été fait">
          <p>Votre référent le fera avec vous lors d’un prochain rendez-vous.</p>
        </EmptyState>
      )}
    </section>
  );
}

export function PlanSection({ record }: { record: PathwayRecord }) {
  return (
    <>
      <h3 id="actions-titre" class="fr-h5">Ce qui est prévu pour y arriver</h3>
      {record.actions.length ? (
        <ul>
          {record.actions.map((a) => {
            const dates: string = a.starts_on && a.ends_on ? ` — du ${isoDay(a.starts_on)} au ${isoDay(a.ends_on)}` : '';
            const company: string = a.company_name ? ` (immersion chez ${a.company_name})` : '';
            return (
              <li>
                <span safe>{`${a.label}${company}${dates}`}</span>{' '}
                <span class="fr-badge fr-badge--sm fr-badge--no-icon" safe>
                  {labelOf(ACTION_STATUSES, a.status)}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p>Aucune action n’est encore prévue.</p>
      )}
      <h3 id="contrat-titre" class="fr-h5">Votre contrat</h3>
      {record.contracts.length ? (
        record.contracts.map((c) => (
          <div class="fr-mb-2w">
            <p class="fr-mb-1v fr-text--bold" safe>{`${labelOf(CONTRACT_KINDS, c.kind)}, du ${isoDay(c.starts_on)} au ${isoDay(c.ends_on)}`}</p>
            <p safe>{labelOf(CONTRACT_PLAIN, c.kind)}</p>
          </div>
        ))
      ) : (
        <p>Aucun contrat n’est encore signé.</p>
      )}
    </>
  );
}

export function AppointmentsSection({ record, now }: { record: PathwayRecord; now: Date }) {
  const next = record.appointments.filter((a) => a.status === 'planned' && a.starts_at.getTime() >= now.getTime());
  const past = record.appointments.filter((a) => !next.includes(a)).reverse();
  const withWhom = (a: PathwayRecord['appointments'][number]): string => (a.given_name ? `, avec ${a.given_name} ${a.family_name}` : '');
  return (
    <section class="fr-mb-6w" aria-labelledby="rendez-vous-titre">
      <h2 id="rendez-vous-titre">Vos rendez-vous</h2>
      {next.length ? (
        <ul>
          {next.map((a) => (
            <li class="fr-mb-1w">
              <strong safe>{`Le ${appointmentWhen(a.starts_at)}`}</strong>
              <span safe>{` — ${a.place}${withWhom(a)} : ${a.subject}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Vous n’avez pas de rendez-vous prévu.</p>
      )}
      {past.length ? (
        <details>
          <summary safe>{`Vos rendez-vous passés (${past.length})`}</summary>
          <ul>
            {past.map((a) => (
              <li safe>{`${formatParis(a.starts_at)} — ${a.subject} : ${labelOf(APPOINTMENT_STATUSES, a.status)}`}</li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
    </section>
  );
}

export function TimelineSection({ events }: { events: EventRow[] }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="historique-titre">
      <h2 id="historique-titre">L’histoire de votre parcours</h2>
      <ol class="fr-raw-list">
        {[...events].reverse().map((e) => {
          const comment: string | null = e.kind === 'person.comment' && typeof e.summary.text === 'string' ? e.summary.text : null;
          return (
            <li class="fr-mb-2w" id={`evenement-${e.id}`}>
              <p class="fr-mb-0">
                <strong safe>{labelOf(EVENT_LABELS, e.kind)}</strong>
                <span safe>{` — ${formatParis(e.occurred_at)}, par ${e.actor_label}`}</span>
              </p>
              {comment ? (
                <blockquote class="fr-mb-0 spie-message" safe>
                  {comment}
                </blockquote>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function AccessSection({ rows }: { rows: AccessRow[] }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="consultations-titre">
      <h2 id="consultations-titre">Qui a consulté mon dossier</h2>
      <p>Chaque fois qu’un professionnel consulte votre dossier, c’est noté ici. Vos propres consultations n’y figurent pas.</p>
      {rows.length ? (
        <Table caption="Consultations de votre dossier par les professionnels" headers={['Date', 'Qui', 'Organisation', 'Ce qui a été fait']}>
          {rows.map((r) => (
            <tr>
              <td safe>{formatParis(r.occurred_at)}</td>
              <td safe>{r.actor_label}</td>
              <td safe>{r.organisation_label ?? '—'}</td>
              <td safe>{labelOf(ACCESS_ACTIONS, r.action)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Aucun professionnel n’a encore consulté votre dossier.</p>
      )}
    </section>
  );
}
