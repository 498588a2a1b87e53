/**
 * The timeline of a pathway (issue 5 §8): every event, what it was, who did it and when, newest first.
 * A catalogue service added to the plan (issue 6 §5) is named with its structure, as it was then, and
 * links to the service's page while the service is still published.
 */
import { Table } from '../../components/ui.js';
import { EVENT_LABELS } from '../../../../domains/pathway/adapters/events.js';
import { longParis } from '../../../../domains/pathway/entities/appointment.js';
import { ACTION_STATUSES, CONTRACT_KINDS, type ActionStatus, type ContractKind } from '../../../../domains/pathway/entities/plan.js';
import { dayLabel, shortParis, type PathwayView } from './pathway-common.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string => (Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(', ') : '');
const instant = (value: unknown): string => {
  const d = typeof value === 'string' ? new Date(value) : null;
  return d && !Number.isNaN(d.getTime()) ? longParis(d) : '';
};

/** What an event's summary says, in a line. */
export function eventDetail(kind: string, s: Record<string, unknown>): string {
  switch (kind) {
    case 'pathway.opened':
      return text(s.organisation) ? `Par ${text(s.organisation)}` : '';
    case 'pathway.closed':
      return `Motif : ${text(s.reason)}`;
    case 'referent.assigned':
      return text(s.referent);
    case 'member.added':
    case 'member.left':
      return text(s.member);
    case 'diagnosis.recorded':
      return `Domaines : ${list(s.areas)}`;
    case 'orientation.requested':
      return [text(s.kind), text(s.organisation)].filter(Boolean).join(' — ');
    case 'orientation.accepted':
    case 'orientation.refused':
      return [text(s.kind), text(s.organisation), text(s.reason) ? `motif : ${text(s.reason)}` : ''].filter(Boolean).join(' — ');
    case 'objective.added':
    case 'person.objective':
      return text(s.label);
    case 'action.added':
      return [text(s.label), text(s.company), text(s.service) ? `Service du catalogue « ${text(s.service)} » (${text(s.structure)})` : ''].filter(Boolean).join(' — ');
    case 'action.status':
      return `${text(s.label)} : ${ACTION_STATUSES[text(s.status) as ActionStatus] ?? text(s.status)}`;
    case 'contract.signed':
      return `${CONTRACT_KINDS[text(s.kind) as ContractKind] ?? text(s.kind)}, du ${dayLabel(text(s.startsOn))} au ${dayLabel(text(s.endsOn))}`;
    case 'appointment.scheduled': {
      const channels = [s.byEmail === true ? 'courriel' : '', s.bySms === true ? 'SMS' : ''].filter(Boolean).join(' et ');
      return `${instant(s.startsAt)} — ${text(s.place)} — ${text(s.subject)}${channels ? ` (invitation par ${channels})` : ''}`;
    }
    case 'appointment.status':
      return `${instant(s.startsAt)} : ${text(s.status)}`;
    default:
      return text(s.text) || text(s.label);
  }
}

/** The service an event is about, when the plan still points to it and it is published: its page. */
function serviceLink(view: PathwayView, kind: string, s: Record<string, unknown>): { href: string; label: string } | null {
  const id = kind === 'action.added' ? text(s.serviceId) : '';
  if (!id || !view.record.actions.some((a) => a.service_id === id && a.service_status === 'published')) return null;
  return { href: `/spie/${view.record.space_id}/services/${encodeURIComponent(id)}`, label: `Fiche du service « ${text(s.service)} »` };
}

function EventDetail({ view, kind, summary }: { view: PathwayView; kind: string; summary: Record<string, unknown> }) {
  const link = serviceLink(view, kind, summary);
  return (
    <td class="spie-pre">
      <span safe>{eventDetail(kind, summary)}</span>
      {link ? (
        <>
          <br />
          <a class="fr-link fr-text--sm" href={link.href} safe>
            {link.label}
          </a>
        </>
      ) : (
        ''
      )}
    </td>
  );
}

export function TimelineSection({ view }: { view: PathwayView }) {
  const events = [...view.events].reverse();
  return (
    <section id="historique" class="fr-mb-6w">
      <h2>Historique</h2>
      <Table hiddenCaption caption="Tous les événements du parcours, du plus récent au plus ancien" headers={['Date', 'Événement', 'Détail', 'Par']}>
        {events.map((e) => (
          <tr>
            <td>
              <span class="spie-nowrap" safe>
                {shortParis(e.occurred_at)}
              </span>
            </td>
            <td safe>{EVENT_LABELS[e.kind] ?? e.kind}</td>
            <EventDetail view={view} kind={e.kind} summary={e.summary ?? {}} />
            <td safe>{e.actor_label}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
