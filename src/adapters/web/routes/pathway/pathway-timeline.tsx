/** The timeline of a pathway (issue 5 §8): every event, what it was, who did it and when, newest first. */
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
      return [text(s.label), text(s.company)].filter(Boolean).join(' — ');
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
            <td class="spie-pre" safe>
              {eventDetail(e.kind, e.summary ?? {})}
            </td>
            <td safe>{e.actor_label}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
