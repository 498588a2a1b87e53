/** What the pages of a territory's space share: the space object, its menu, dates, the candidates table. */
import type { FastifyRequest } from 'fastify';
import { authorize, type Action, type AuthzObject } from '../../../../domains/authorization/authorize.js';
import type { PersonCandidate } from '../../../../domains/pathway/adapters/people.js';
import { spaceAuthzObject, spaceHeader } from '../../../../domains/pathway/adapters/spaces.js';
import type { ShownCandidate } from '../../../../domains/pathway/use-cases/find-candidates.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';
import { CsrfField, type PageContext } from '../../components/layout.js';
import { Breadcrumb, Table } from '../../components/ui.js';

/** A numeric route parameter; a malformed one is a page that does not exist. */
export function idParam(request: FastifyRequest, name: string): number {
  const id = Number((request.params as Record<string, string | undefined>)[name]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404);
  return id;
}

/** The authorization object of every space route: the space named by `:spaceId`. */
export function spaceObject(request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> {
  return spaceAuthzObject(deps.db, Number((request.params as { spaceId?: string }).spaceId));
}

/** The space of the request (already authorized by the route), with what the actor may do in it. */
export async function loadSpace(request: FastifyRequest, deps: AppDeps) {
  const spaceId = idParam(request, 'spaceId');
  const [space, object] = await Promise.all([spaceHeader(deps.db, spaceId), spaceAuthzObject(deps.db, spaceId)]);
  if (!space || !object) throw new HttpError(404);
  const may = (action: Action) => authorize(request.actor, action, object).allowed;
  return { ...space, may: { search: may('person.search'), open: may('pathway.open'), manage: may('space.manage'), orient: may('orientation.decide'), import: may('person.import'), catalogue: may('catalogue.search'), manageCatalogue: may('catalogue.manage'), maintain: may('catalogue.maintain') } };
}

export type LoadedSpace = Awaited<ReturnType<typeof loadSpace>>;

/** « 1991-04-12 » → « 12/04/1991 ». */
export function formatDay(isoDay: string | null): string {
  if (!isoDay) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDay;
}

export function fullName(p: { given_name: string; family_name: string }): string {
  return `${p.given_name} ${p.family_name}`;
}

export function SpaceBreadcrumb({ space, here }: { space: { id: number; name: string }; here?: string }) {
  const items: { label: string; href?: string }[] = [
    { label: 'Accueil', href: '/' },
    { label: 'Mon SPIE', href: '/spie' },
    here ? { label: space.name, href: `/spie/${space.id}` } : { label: space.name },
  ];
  if (here) items.push({ label: here });
  return <Breadcrumb items={items} />;
}

/** The space's own menu: only the pages the actor may open. */
export function SpaceMenu({ space, current }: { space: LoadedSpace; current: 'home' | 'create' | 'queue' | 'pros' | 'settings' }) {
  const entries = [
    { key: 'home', label: 'Rechercher une personne', href: `/spie/${space.id}`, shown: space.may.search },
    { key: 'create', label: 'Créer une personne', href: `/spie/${space.id}/personnes/nouvelle`, shown: space.may.open },
    { key: 'queue', label: 'À orienter', href: `/spie/${space.id}/a-orienter`, shown: space.may.orient },
    { key: 'pros', label: 'Professionnels', href: `/spie/${space.id}/professionnels`, shown: space.may.manage },
    { key: 'imports', label: 'Importer une liste RSA', href: `/spie/${space.id}/imports`, shown: space.may.import },
    { key: 'services', label: 'Services d’insertion', href: `/spie/${space.id}/services`, shown: space.may.catalogue },
    { key: 'mine', label: 'Mes services', href: `/spie/${space.id}/mes-services`, shown: space.may.maintain },
    { key: 'catalogue', label: 'Catalogue (import, export)', href: `/spie/${space.id}/catalogue`, shown: space.may.manageCatalogue },
    { key: 'settings', label: 'Réglages', href: `/spie/${space.id}/reglages`, shown: space.may.manage },
  ].filter((e) => e.shown);
  return (
    <nav class="fr-mb-4w" aria-label={`Pages de l’espace ${space.name}`}>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {entries.map((e) => (
          <li>
            <a class={`fr-btn${e.key === current ? '' : ' fr-btn--secondary'}`} href={e.href} aria-current={e.key === current ? 'page' : undefined} safe>
              {e.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Notice({ text }: { text: string | undefined }) {
  if (!text) return '';
  return (
    <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
      <p safe>{text}</p>
    </div>
  );
}

/** The notice named by `?ok=` among the page's own. */
export function noticeOf(request: FastifyRequest, notices: Record<string, string>): string | undefined {
  const ok = (request.query as Record<string, unknown> | undefined)?.ok;
  return typeof ok === 'string' && Object.hasOwn(notices, ok) ? notices[ok] : undefined;
}

export function candidateLabel(c: PersonCandidate): string {
  const parts = [`${c.givenName} ${c.familyName}`];
  if (c.birthDate) parts.push(`date de naissance ${formatDay(c.birthDate)}`);
  if (c.cafNumber) parts.push(`CAF/MSA ${c.cafNumber}`);
  if (c.franceTravailId) parts.push(`France Travail ${c.franceTravailId}`);
  return parts.join(' — ');
}

function PathwayCell({ ctx, spaceId, c, mayOpen }: { ctx: PageContext; spaceId: number; c: ShownCandidate; mayOpen: boolean }) {
  const name: string = `${c.givenName} ${c.familyName}`;
  if (c.pathway?.mayView) {
    return (
      <a class="fr-link" href={`/parcours/${c.pathway.id}`}>
        Voir le parcours
        <span class="fr-sr-only" safe>
          {` de ${name}`}
        </span>
      </a>
    );
  }
  if (c.pathway) {
    const text: string = `Parcours suivi par ${c.pathway.holder} : demandez au référent de vous associer.`;
    return <p class="fr-text--sm fr-mb-0" safe>{text}</p>;
  }
  if (!mayOpen) return <span>Pas de parcours ouvert</span>;
  return (
    <form method="post" action={`/spie/${spaceId}/personnes/${c.id}/parcours`} class="spie-inline-form">
      <CsrfField ctx={ctx} />
      <button class="fr-btn fr-btn--sm" type="submit">
        Ouvrir son parcours
        <span class="fr-sr-only" safe>
          {` : ${name}`}
        </span>
      </button>
    </form>
  );
}

/** The people found, what matched, and what the actor can do for each (open, see, or whom to ask). */
export function CandidateTable({ ctx, spaceId, candidates, mayOpen, caption }: { ctx: PageContext; spaceId: number; candidates: ShownCandidate[]; mayOpen: boolean; caption: string }) {
  return (
    <Table caption={caption} headers={['Personne', 'Date de naissance', 'N° CAF/MSA', 'Identifiant France Travail', 'Trouvée par', 'Parcours']}>
      {candidates.map((c) => (
        <tr>
          <td safe>{`${c.givenName} ${c.familyName}`}</td>
          <td class="spie-nowrap" safe>
            {formatDay(c.birthDate)}
          </td>
          <td safe>{c.cafNumber ?? '—'}</td>
          <td safe>{c.franceTravailId ?? '—'}</td>
          <td>
            <ul class="fr-badges-group">
              {c.matches.map((m) => (
                <li>
                  <p class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">{m}</p>
                </li>
              ))}
            </ul>
          </td>
          <td>
            <PathwayCell ctx={ctx} spaceId={spaceId} c={c} mayOpen={mayOpen} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** « 1 fiche », « 3 fiches ». */
export function countLabel(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
