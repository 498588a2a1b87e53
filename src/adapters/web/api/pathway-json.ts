/** JSON of a pathway and of search candidates, as the API answers them (PathwaySchema, CandidateSchema). */
import type { z } from 'zod';
import { EVENT_LABELS, type listEvents } from '../../../domains/pathway/adapters/events.js';
import type { PathwayRecord } from '../../../domains/pathway/adapters/record.js';
import { DIAGNOSIS_AREAS, isDiagnosisArea } from '../../../domains/pathway/entities/diagnosis-areas.js';
import type { ShownCandidate } from '../../../domains/pathway/use-cases/find-candidates.js';
import type { CandidateSchema, PathwaySchema } from './pathway-schemas.js';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const name = (p: { given_name: string | null; family_name: string | null }) => (p.given_name ? `${p.given_name} ${p.family_name ?? ''}`.trim() : null);

export function candidateJson(c: ShownCandidate): z.input<typeof CandidateSchema> {
  return {
    id: c.id,
    givenName: c.givenName,
    familyName: c.familyName,
    birthDate: c.birthDate,
    cafNumber: c.cafNumber,
    franceTravailId: c.franceTravailId,
    matches: c.matches,
    openPathway: c.pathway ? { id: c.pathway.id, holdingOrganisation: c.pathway.holder, mayView: c.pathway.mayView } : null,
  };
}

type Events = Awaited<ReturnType<typeof listEvents>>;

export function pathwayJson(r: PathwayRecord, events: Events): z.input<typeof PathwaySchema> {
  return {
    id: r.id,
    spaceId: r.space_id,
    status: r.status as 'open' | 'closed',
    openedAt: iso(r.opened_at),
    openedByOrganisation: r.opened_by_organisation_name,
    closedAt: isoOrNull(r.closed_at),
    closedReason: r.closed_reason,
    person: {
      id: r.person_id,
      givenName: r.given_name,
      familyName: r.family_name,
      birthDate: r.birth_date,
      cafNumber: r.caf_number,
      franceTravailId: r.france_travail_id,
      email: r.email,
      phone: r.phone,
      rsaRightsOpenedOn: r.rsa_rights_opened_on,
    },
    holdingOrganisation: { id: r.holding_organisation_id, name: r.holding_organisation_name },
    referent: r.referent_user_id ? { userId: r.referent_user_id, name: name({ given_name: r.referent_given_name, family_name: r.referent_family_name }) ?? '' } : null,
    orientation: r.orientation_kind && r.oriented_at ? { kind: r.orientation_kind, orientedAt: iso(r.oriented_at) } : null,
    referents: r.referents.map((x) => ({ userId: x.user_id, name: `${x.given_name} ${x.family_name}`, organisation: x.organisation_name, startedAt: iso(x.started_at), endedAt: isoOrNull(x.ended_at) })),
    members: r.members.map((m) => ({ userId: m.user_id, name: `${m.given_name} ${m.family_name}`, organisation: m.organisation_name, joinedAt: iso(m.joined_at), leftAt: isoOrNull(m.left_at) })),
    diagnoses: r.diagnoses.map((d) => ({
      id: d.id,
      author: d.author_label,
      createdAt: iso(d.created_at),
      areas: d.areas.map((a) => ({ area: a.area, label: isDiagnosisArea(a.area) ? DIAGNOSIS_AREAS[a.area] : a.area, situation: a.situation, needs: a.needs })),
    })),
    orientationRequests: r.orientations.map((o) => ({
      id: o.id,
      kind: o.kind,
      status: o.status as 'pending' | 'accepted' | 'refused',
      reason: o.reason,
      receivingOrganisation: o.organisation_name,
      proposedReferent: name(o),
      requestedAt: iso(o.requested_at),
      decidedAt: isoOrNull(o.decided_at),
    })),
    plan: {
      objectives: r.objectives.map((o) => ({ id: o.id, area: o.area, label: o.label, byPerson: o.by_person, createdAt: iso(o.created_at) })),
      actions: r.actions.map((a) => ({
        id: a.id,
        objectiveId: a.objective_id,
        kind: a.kind,
        label: a.label,
        companySiret: a.company_siret,
        companyName: a.company_name,
        service: a.service_id ? { id: a.service_id, name: a.service_nom, structure: a.service_structure_nom, published: a.service_status === 'published' } : null,
        startsOn: a.starts_on,
        endsOn: a.ends_on,
        status: a.status,
      })),
      contracts: r.contracts.map((c) => ({ id: c.id, kind: c.kind, startsOn: c.starts_on, endsOn: c.ends_on, createdAt: iso(c.created_at) })),
    },
    appointments: r.appointments.map((a) => ({
      id: a.id,
      startsAt: iso(a.starts_at),
      place: a.place,
      subject: a.subject,
      status: a.status,
      professional: name(a),
      inviteEmail: a.invite_email,
      inviteSms: a.invite_sms,
    })),
    timeline: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      label: EVENT_LABELS[e.kind] ?? e.kind,
      actor: e.actor_label,
      occurredAt: iso(e.occurred_at),
      summary: (typeof e.summary === 'string' ? JSON.parse(e.summary) : e.summary) as Record<string, unknown>,
    })),
  };
}
