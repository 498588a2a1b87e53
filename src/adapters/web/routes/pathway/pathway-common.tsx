/**
 * What the sections of a pathway's page share (issue 5 §3–8): the route authorization, the data the
 * page shows, the state of a form sent back with its errors, and a few small components.
 */
import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../../domains/identity/entities/role.js';
import type { listEvents } from '../../../../domains/pathway/adapters/events.js';
import { pathwayAuthzObject } from '../../../../domains/pathway/adapters/pathways.js';
import type { PathwayRecord } from '../../../../domains/pathway/adapters/record.js';
import { PARIS } from '../../../../domains/shared/paris-time.js';
import { asText } from '../../components/checkboxes.js';
import { CsrfField, type PageContext } from '../../components/layout.js';
import type { AppDeps } from '../../context.js';

export function pathwayId(request: FastifyRequest, name = 'id'): number {
  const text = (request.params as Record<string, string>)[name] ?? '';
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : 0;
}

/** SPIE-7: the pathway's authorization facts; null (404) when it does not exist or was anonymised. */
export const pathwayObject = (request: FastifyRequest, deps: AppDeps) => pathwayAuthzObject(deps.db, pathwayId(request), deps.clock());
export const VIEW = { authz: { action: 'pathway.view' as const, object: pathwayObject } };
export const EDIT = { authz: { action: 'pathway.edit' as const, object: pathwayObject } };

export type FormName = 'referent' | 'member' | 'diagnosis' | 'orientation' | 'objective' | 'action' | 'contract' | 'appointment';

/** A form sent back with its errors: what was typed, the message of each field, and where each field is. */
export interface FormState {
  form: FormName;
  values: Record<string, string>;
  errors: Record<string, string>;
  labels: Record<string, { id: string; label: string }>;
}

export interface Professional {
  user_id: number;
  given_name: string;
  family_name: string;
  organisation_id: number;
  organisation_name: string;
}

/** Everything the sections render from. */
export interface PathwayView {
  ctx: PageContext;
  actor: Actor;
  record: PathwayRecord;
  events: Awaited<ReturnType<typeof listEvents>>;
  /** The actor may change the pathway (authorize 'pathway.edit') and it is open. */
  canEdit: boolean;
  /** Professionals active in the space: referent, members, appointments. */
  professionals: Professional[];
  organisations: { id: number; name: string }[];
  /** Where the person can be invited. */
  contact: { email: string | null; mobile: string | null };
  today: string;
  now: Date;
  state: FormState | undefined;
}

export type RenderPathway = (request: FastifyRequest, reply: FastifyReply, state: FormState) => Promise<FastifyReply>;

/** The fields of a posted form, each as one string. */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, Array.isArray(v) ? asText(v[0]) : asText(v)]));
}

export function valueOf(view: PathwayView, form: FormName, key: string, fallback = ''): string {
  return view.state?.form === form ? (view.state.values[key] ?? '') : fallback;
}

export function errorOf(view: PathwayView, form: FormName, key: string): string | undefined {
  return view.state?.form === form ? view.state.errors[key] : undefined;
}

export function hasErrors(view: PathwayView, form: FormName): boolean {
  return view.state?.form === form;
}

export const personName = (p: { given_name: string; family_name: string }): string => `${p.given_name} ${p.family_name}`;

export function professionalLabel(p: Professional): string {
  return `${p.given_name} ${p.family_name} — ${p.organisation_name}`;
}

/** « 2026-11-27 » → « 27/11/2026 ». */
export function dayLabel(isoDay: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' });
const PARIS_SHORT = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'short', timeStyle: 'short' });

/** The Paris calendar day of an instant, « YYYY-MM-DD ». */
export function parisDay(instant: Date): string {
  return PARIS_DAY.format(instant);
}

/** « 27/11/2026 08:23 », Paris time. */
export function shortParis(instant: Date): string {
  return PARIS_SHORT.format(instant);
}

/** A DSFR accordion: a form folded away until asked for, unfolded when it comes back with errors. */
export function Accordion({ id, title, open, children }: PropsWithChildren<{ id: string; title: string; open: boolean }>) {
  return (
    <section class="fr-accordion fr-mb-3w">
      <h3 class="fr-accordion__title">
        <button class="fr-accordion__btn" type="button" aria-expanded={open ? 'true' : 'false'} aria-controls={id} safe>
          {title}
        </button>
      </h3>
      <div class={`fr-collapse${open ? ' fr-collapse--expanded' : ''}`} id={id}>
        {children}
      </div>
    </section>
  );
}

/** The message of a form as a whole (not of one field), next to the form. */
export function FormError({ view, form }: { view: PathwayView; form: FormName }) {
  const message = errorOf(view, form, 'form');
  return message ? (
    <p class="fr-error-text fr-mb-2w" id={`${form}-form-erreur`} safe>
      {message}
    </p>
  ) : (
    ''
  );
}

/** A two-column table of facts, each row headed by what it is. */
export function Facts({ caption, rows }: { caption: string; rows: [string, string][] }) {
  return (
    <div class="fr-table fr-table--no-scroll fr-mb-2w">
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table>
              <caption safe>{caption}</caption>
              <tbody>
                {rows.map(([label, value]) => (
                  <tr>
                    <th scope="row" safe>
                      {label}
                    </th>
                    <td safe>{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/** A select whose options are grouped (the professionals of each organisation). */
export function GroupedSelect(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value: string;
  placeholder: string;
  /** The placeholder may be chosen (an optional field) rather than only shown. */
  placeholderSelectable?: boolean;
  groups: { label: string; options: { value: string; label: string }[] }[];
  error: string | undefined;
}) {
  const { id, error } = props;
  return (
    <div class={`fr-select-group${error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        <span safe>{props.label}</span>
        {props.hint ? (
          <span class="fr-hint-text" safe>
            {props.hint}
          </span>
        ) : (
          ''
        )}
      </label>
      <select class={`fr-select${error ? ' fr-select--error' : ''}`} id={id} name={props.name} aria-describedby={error ? `${id}-erreur` : undefined} aria-invalid={error ? 'true' : undefined}>
        <option value="" selected={props.value === ''} disabled={!props.placeholderSelectable} safe>
          {props.placeholder}
        </option>
        {props.groups.map((g) => (
          <optgroup label={g.label}>
            {g.options.map((o) => (
              <option value={o.value} selected={o.value === props.value} safe>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** The active professionals grouped by organisation, for a GroupedSelect. */
export function professionalGroups(professionals: Professional[], only?: (p: Professional) => boolean) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const p of professionals) {
    if (only && !only(p)) continue;
    const list = groups.get(p.organisation_name) ?? [];
    list.push({ value: String(p.user_id), label: `${p.given_name} ${p.family_name}` });
    groups.set(p.organisation_name, list);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b, 'fr')).map(([label, options]) => ({ label, options }));
}

/** A row's « Changer l’état » form (plan actions, appointments): the statuses in a select, its label for screen readers. */
export function StatusForm(props: { ctx: PageContext; action: string; id: string; label: string; statuses: Record<string, string>; value: string; class?: string }) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <CsrfField ctx={props.ctx} />
      <label class="fr-label fr-sr-only" for={props.id} safe>
        {props.label}
      </label>
      <select class="fr-select fr-mb-1w" id={props.id} name="status">
        {Object.entries(props.statuses).map(([value, label]) => (
          <option value={value} selected={value === props.value} safe>
            {label}
          </option>
        ))}
      </select>
      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
        Changer l’état
      </button>
    </form>
  );
}
