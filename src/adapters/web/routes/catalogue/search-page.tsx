/**
 * Search of the space's catalogue of services (issue 6 §4), for its professionals (catalogue.search):
 * DSFR filters — free text, thématique grouped by family, public, place (commune, EPCI or département,
 * by code or name) and a radius around the commune when its centre is known — over the published
 * services only, 20 per page with DSFR pagination (by distance, nearest first, with a radius).
 */
import type { FastifyInstance } from 'fastify';
import { DISTANCE_UNAVAILABLE, PAGE_SIZE, searchServices, type Place, type ServiceSearchResult } from '../../../../domains/catalogue/adapters/search.js';
import { formatDistance, RADII_KM } from '../../../../domains/catalogue/entities/distance.js';
import { VALUE_LISTS, labelOf, thematiqueFamily, FAMILY_LABELS } from '../../../../domains/catalogue/entities/value-lists.js';
import { asText } from '../../components/checkboxes.js';
import { ErrorText } from '../../components/form-fields.js';
import { Layout, pageContext, type PageContext } from '../../components/layout.js';
import { EmptyState } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { CatalogueBreadcrumb, catalogueSpace, searchConfig, servicesPath } from './catalogue-common.js';

type Space = { id: number; name: string };
const PLACE_KINDS: Record<Place['kind'], string> = { commune: 'commune', epci: 'intercommunalité', departement: 'département' };
const MAX_TEXT = 200;

export interface SearchFilters {
  texte: string;
  thematique: string;
  public: string;
  lieu: string;
  /** '' or one of RADII_KM, as written in the query string. */
  rayon: string;
  page: number;
}

/** The filters of the query string, each bounded; unknown values are dropped. */
export function parseServiceQuery(raw: unknown): SearchFilters {
  const q = (raw ?? {}) as Record<string, unknown>;
  const thematique = asText(q.thematique);
  const publicValue = asText(q.public);
  const rayon = asText(q.rayon);
  const page = Number(asText(q.page));
  return {
    texte: asText(q.texte).trim().slice(0, MAX_TEXT),
    thematique: thematique in FAMILY_LABELS || VALUE_LISTS.thematiques.some((t) => t.value === thematique) ? thematique : '',
    public: VALUE_LISTS.publics.some((p) => p.value === publicValue) ? publicValue : '',
    lieu: asText(q.lieu).trim().slice(0, MAX_TEXT),
    rayon: RADII_KM.some((r) => String(r) === rayon) ? rayon : '',
    page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** What to say next to the radius when it cannot be used; undefined when it can (or none is asked). */
function radiusError(query: SearchFilters, result: ServiceSearchResult): string | undefined {
  if (!query.rayon) return undefined;
  if (!query.lieu) return 'Indiquez dans « Lieu » la commune autour de laquelle chercher.';
  if (result.distance && 'unavailable' in result.distance) return DISTANCE_UNAVAILABLE[result.distance.unavailable];
  return undefined;
}

function RadiusSelect({ value, error }: { value: string; error: string | undefined }) {
  return (
    <div class={`fr-select-group${error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for="rayon">
        Distance autour de la commune
        <span class="fr-hint-text">Depuis le centre de la commune indiquée dans « Lieu » ; seuls les services dont l’adresse est géolocalisée sont retenus.</span>
      </label>
      <select class={`fr-select${error ? ' fr-select--error' : ''}`} id="rayon" name="rayon" aria-describedby={error ? 'rayon-erreur' : undefined} aria-invalid={error ? 'true' : undefined}>
        <option value="" selected={value === ''}>
          Sans distance : dans le lieu
        </option>
        {RADII_KM.map((km) => (
          <option value={String(km)} selected={value === String(km)} safe>
            {`À moins de ${km} km`}
          </option>
        ))}
      </select>
      <ErrorText id="rayon" error={error} />
    </div>
  );
}

function ThematiqueSelect({ value }: { value: string }) {
  return (
    <div class="fr-select-group">
      <label class="fr-label" for="thematique">
        Thématique
      </label>
      <select class="fr-select" id="thematique" name="thematique">
        <option value="" selected={value === ''}>
          Toutes les thématiques
        </option>
        {Object.entries(FAMILY_LABELS).map(([family, label]) => (
          <optgroup label={label}>
            <option value={family} selected={value === family} safe>
              {`${label} : toute la thématique`}
            </option>
            {VALUE_LISTS.thematiques
              .filter((t) => thematiqueFamily(t.value) === family)
              .map((t) => (
                <option value={t.value} selected={value === t.value} safe>
                  {t.label}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function Filters({ space, query, radiusErrorText }: { space: Space; query: SearchFilters; radiusErrorText: string | undefined }) {
  return (
    <form method="get" action={servicesPath(space.id)} aria-label="Filtrer les services">
      <h2 class="fr-h5">Filtrer</h2>
      <div class="fr-input-group">
        <label class="fr-label" for="texte">
          Mots-clés
          <span class="fr-hint-text">Dans le nom, la description du service ou le nom de la structure</span>
        </label>
        <input class="fr-input" type="search" id="texte" name="texte" value={query.texte} maxlength={MAX_TEXT} />
      </div>
      <ThematiqueSelect value={query.thematique} />
      <div class="fr-select-group">
        <label class="fr-label" for="public">
          Public
        </label>
        <select class="fr-select" id="public" name="public">
          <option value="" selected={query.public === ''}>
            Tous les publics
          </option>
          {VALUE_LISTS.publics.map((p) => (
            <option value={p.value} selected={query.public === p.value} safe>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="lieu">
          Lieu
          <span class="fr-hint-text">Commune, intercommunalité ou département : nom ou code (49007, 49000, 49, 244900015…)</span>
        </label>
        <input class="fr-input" type="text" id="lieu" name="lieu" value={query.lieu} maxlength={MAX_TEXT} />
      </div>
      <RadiusSelect value={query.rayon} error={radiusErrorText} />
      <ul class="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <button class="fr-btn" type="submit">
            Rechercher
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={servicesPath(space.id)}>
            Effacer les filtres
          </a>
        </li>
      </ul>
    </form>
  );
}

function pageHref(space: Space, query: SearchFilters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['texte', 'thematique', 'public', 'lieu', 'rayon'] as const) if (query[key]) params.set(key, query[key]);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return `${servicesPath(space.id)}${s ? `?${s}` : ''}`;
}

function Pagination({ space, query, result }: { space: Space; query: SearchFilters; result: ServiceSearchResult }) {
  if (result.pageCount <= 1) return '';
  const pages = [...new Set([1, result.page - 1, result.page, result.page + 1, result.pageCount])].filter((p) => p >= 1 && p <= result.pageCount).sort((a, b) => a - b);
  return (
    <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label="Pagination des services">
      <ul class="fr-pagination__list">
        <li>
          {result.page > 1 ? (
            <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" href={pageHref(space, query, result.page - 1)}>
              Page précédente
            </a>
          ) : (
            <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">
              Page précédente
            </a>
          )}
        </li>
        {pages.map((p) => (
          <li>
            <a class="fr-pagination__link" href={pageHref(space, query, p)} aria-current={p === result.page ? 'page' : undefined} title={`Page ${p}`} safe>
              {String(p)}
            </a>
          </li>
        ))}
        <li>
          {result.page < result.pageCount ? (
            <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href={pageHref(space, query, result.page + 1)}>
              Page suivante
            </a>
          ) : (
            <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">
              Page suivante
            </a>
          )}
        </li>
      </ul>
    </nav>
  );
}

function Results({ space, query, result }: { space: Space; query: SearchFilters; result: ServiceSearchResult }) {
  if (result.place === 'inconnu') {
    const text: string = `Aucune commune, intercommunalité ni aucun département ne s’appelle « ${query.lieu} » ou n’a ce code. Vérifiez l’orthographe, ou saisissez le code INSEE, le code postal ou le numéro du département.`;
    return (
      <EmptyState title="Lieu introuvable">
        <p safe>{text}</p>
      </EmptyState>
    );
  }
  if (result.total === 0) {
    const advice: string =
      result.distance && 'centre' in result.distance
        ? 'Élargissez la recherche : choisissez un rayon plus grand, retirez un filtre, ou cherchez sans distance (les services sans adresse géolocalisée n’apparaissent que sans distance).'
        : 'Élargissez la recherche : retirez un filtre, choisissez la thématique entière plutôt qu’un sous-thème, ou cherchez à l’échelle du département.';
    return (
      <EmptyState title="Aucun service ne correspond à ces critères">
        <p safe>{advice}</p>
      </EmptyState>
    );
  }
  const first = (result.page - 1) * PAGE_SIZE + 1;
  const count: string = result.moreThanTotal
    ? `Plus de ${result.total.toLocaleString('fr-FR')} services : affinez la recherche (thématique, public, lieu) — ${first} à ${Math.min(result.total, first + PAGE_SIZE - 1)} ci-dessous`
    : `${result.total.toLocaleString('fr-FR')} service${result.total > 1 ? 's' : ''} — ${first} à ${Math.min(result.total, first + PAGE_SIZE - 1)} ci-dessous`;
  return (
    <>
      <p class="fr-mb-2w" role="status" safe>
        {count}
      </p>
      <ul class="fr-raw-list">
        {result.services.map((s) => {
          const where: string = [s.structureNom, s.commune, s.distanceKm === null ? null : formatDistance(s.distanceKm)].filter(Boolean).join(' — ');
          const facts: string[] = [...(s.type ? [labelOf('types', s.type)] : []), ...(s.frais ? [labelOf('frais', s.frais)] : []), ...s.publics.map((p) => labelOf('publics', p))];
          return (
            <li class="fr-card fr-card--horizontal fr-card--sm fr-enlarge-link fr-mb-2w">
              <div class="fr-card__body">
                <div class="fr-card__content">
                  <h3 class="fr-card__title">
                    <a href={`${servicesPath(space.id)}/${encodeURIComponent(s.id)}`} safe>
                      {s.nom}
                    </a>
                  </h3>
                  <p class="fr-card__desc" safe>
                    {s.description.length > 240 ? `${s.description.slice(0, 239)}…` : s.description}
                  </p>
                  <div class="fr-card__start">
                    <p class="fr-card__detail" safe>
                      {where}
                    </p>
                  </div>
                  {facts.length > 0 ? (
                    <div class="fr-card__end">
                      <ul class="fr-badges-group">
                        {facts.map((f) => (
                          <li>
                            <p class="fr-badge fr-badge--sm fr-badge--no-icon" safe>
                              {f}
                            </p>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : (
                    ''
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
      <Pagination space={space} query={query} result={result} />
    </>
  );
}

function SearchPage({ ctx, space, query, result }: { ctx: PageContext; space: Space; query: SearchFilters; result: ServiceSearchResult }) {
  const around = result.distance && 'centre' in result.distance ? result.distance : null;
  const placeText: string | null =
    result.place && result.place !== 'inconnu'
      ? `Lieu retenu : ${result.place.name} (${PLACE_KINDS[result.place.kind]}, ${result.place.code})${around ? ` — services à moins de ${around.radiusKm} km de son centre, du plus proche au plus lointain` : ''}.`
      : null;
  const radiusErrorText = radiusError(query, result);
  return (
    <Layout ctx={ctx} title={`Services d’insertion – ${space.name}`}>
      <CatalogueBreadcrumb space={space} here="Services d’insertion" />
      <h1>Services d’insertion du territoire</h1>
      <p class="fr-text--lead">Logement, santé, mobilité, formation, garde d’enfants… : l’offre publiée par les organisations du territoire.</p>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <Filters space={space} query={query} radiusErrorText={radiusErrorText} />
        </div>
        <div class="fr-col-12 fr-col-md-8">
          <h2 class="fr-h5">Résultats</h2>
          {placeText ? (
            <p class="fr-text--sm" safe>
              {placeText}
            </p>
          ) : (
            ''
          )}
          <Results space={space} query={query} result={result} />
        </div>
      </div>
    </Layout>
  );
}

export function registerSearchPage(app: FastifyInstance): void {
  app.get('/spie/:spaceId/services', { config: searchConfig }, async (request, reply) => {
    const space = await catalogueSpace(request, app.deps);
    const query = parseServiceQuery(request.query);
    const result = await searchServices(app.deps.db, space.id, { ...query, rayon: query.rayon ? Number(query.rayon) : undefined });
    return sendPage(reply, <SearchPage ctx={pageContext(request)} space={space} query={query} result={result} />);
  });
}
