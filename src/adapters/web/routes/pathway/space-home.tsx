/**
 * The home of a space (issue 5 §2, SPIE-1): look for a person before anything else, by name, birth
 * date, CAF/MSA number or France Travail identifier; candidates with what matched and what the actor
 * may do; for the coordinator, merging two records found.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ShownCandidate } from '../../../../domains/pathway/use-cases/find-candidates.js';
import { asText, RadioGroup } from '../../components/checkboxes.js';
import { ErrorSummary, TextField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { EmptyState } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { CandidateTable, Notice, SpaceBreadcrumb, SpaceMenu, candidateLabel, countLabel, type LoadedSpace } from './space-common.js';

export interface SearchValues {
  name: string;
  birthDate: string;
  cafNumber: string;
  franceTravailId: string;
}

export type SearchErrors = Partial<Record<keyof SearchValues | 'form', string>>;

export interface MergeChoice {
  keptId: string;
  duplicateId: string;
  errors: { keptId?: string; duplicateId?: string };
}

export interface SearchState {
  values: SearchValues;
  errors: SearchErrors;
  /** Null before any search. */
  candidates: ShownCandidate[] | null;
  merge?: MergeChoice;
  notice?: string;
}

export const EMPTY_SEARCH: SearchValues = { name: '', birthDate: '', cafNumber: '', franceTravailId: '' };

const FIELDS: Record<keyof SearchValues | 'form', { id: string; label: string }> = {
  name: { id: 'recherche-nom', label: 'Nom et prénom' },
  birthDate: { id: 'recherche-naissance', label: 'Date de naissance' },
  cafNumber: { id: 'recherche-caf', label: 'N° allocataire CAF/MSA' },
  franceTravailId: { id: 'recherche-ft', label: 'Identifiant France Travail' },
  form: { id: 'recherche-nom', label: 'Recherche' },
};

export function searchValuesOf(body: Record<string, unknown>): SearchValues {
  return { name: asText(body.name), birthDate: asText(body.birthDate), cafNumber: asText(body.cafNumber), franceTravailId: asText(body.franceTravailId) };
}

function HiddenSearch({ values }: { values: SearchValues }) {
  return (
    <>
      <input type="hidden" name="name" value={values.name} />
      <input type="hidden" name="birthDate" value={values.birthDate} />
      <input type="hidden" name="cafNumber" value={values.cafNumber} />
      <input type="hidden" name="franceTravailId" value={values.franceTravailId} />
    </>
  );
}

function MergeForm({ ctx, space, state, candidates }: { ctx: ReturnType<typeof pageContext>; space: LoadedSpace; state: SearchState; candidates: ShownCandidate[] }) {
  const options = candidates.map((c) => ({ value: String(c.id), label: candidateLabel(c) }));
  const merge = state.merge ?? { keptId: '', duplicateId: '', errors: {} };
  return (
    <section class="fr-mt-6w" aria-labelledby="fusion-titre">
      <h2 id="fusion-titre" class="fr-h4">
        Fusionner deux fiches de la même personne
      </h2>
      <p>La fiche conservée reprend les parcours et le journal des consultations de l’autre ; l’autre fiche reste, marquée comme fusionnée. Une confirmation vous sera demandée.</p>
      <form method="post" action={`/spie/${space.id}/fusion`} novalidate>
        <CsrfField ctx={ctx} />
        <HiddenSearch values={state.values} />
        <RadioGroup id="fusion-conservee" name="keptId" legend="Fiche à conserver" options={options} value={merge.keptId} error={merge.errors.keptId} />
        <RadioGroup id="fusion-doublon" name="duplicateId" legend="Fiche en double, à fusionner dans la fiche conservée" options={options} value={merge.duplicateId} error={merge.errors.duplicateId} />
        <button class="fr-btn fr-btn--secondary" type="submit">
          Comparer et fusionner
        </button>
      </form>
    </section>
  );
}

function Results({ ctx, space, state }: { ctx: ReturnType<typeof pageContext>; space: LoadedSpace; state: SearchState }) {
  const candidates = state.candidates;
  if (candidates === null) return '';
  const caption: string = countLabel(candidates.length, 'fiche trouvée', 'fiches trouvées');
  return (
    <section class="fr-mt-6w" aria-labelledby="resultats-titre">
      <h2 id="resultats-titre" class="fr-h3">
        Résultats
      </h2>
      {candidates.length === 0 ? (
        <EmptyState title="Aucune fiche ne correspond">
          <p>Vérifiez l’orthographe ou cherchez avec un autre critère (date de naissance, numéro CAF/MSA, identifiant France Travail).</p>
        </EmptyState>
      ) : (
        <>
          <p class="fr-text--sm">Chaque fiche affichée est inscrite au journal des consultations de la personne, qu’elle peut lire.</p>
          <CandidateTable ctx={ctx} spaceId={space.id} candidates={candidates} mayOpen={space.may.open} caption={caption} />
        </>
      )}
      {space.may.open ? (
        <p class="fr-mt-3w">
          <a class="fr-btn fr-btn--secondary fr-icon-user-add-line fr-btn--icon-left" href={`/spie/${space.id}/personnes/nouvelle`}>
            Créer la personne et ouvrir son parcours
          </a>
        </p>
      ) : (
        ''
      )}
      {space.may.manage && candidates.length >= 2 ? <MergeForm ctx={ctx} space={space} state={state} candidates={candidates} /> : ''}
    </section>
  );
}

export async function renderSpaceHome(_app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, space: LoadedSpace, state: SearchState, status = 200) {
  const ctx = pageContext(request);
  const hasErrors = Object.keys(state.errors).length > 0 || Object.values(state.merge?.errors ?? {}).some(Boolean);
  const title: string = hasErrors ? `Erreur – ${space.name}` : space.name;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={title}>
      <SpaceBreadcrumb space={space} />
      <h1 safe>{space.name}</h1>
      <Notice text={state.notice} />
      <SpaceMenu space={space} current="home" />
      <h2 class="fr-h3">Rechercher une personne</h2>
      <p>Avant d’ouvrir un parcours, vérifiez que la personne n’est pas déjà connue du SPIE : une seule fiche et un seul parcours par personne, quelle que soit la porte d’entrée.</p>
      <ErrorSummary errors={state.errors} labels={FIELDS} />
      {state.merge && Object.values(state.merge.errors).some(Boolean) ? (
        <ErrorSummary errors={state.merge.errors} labels={{ keptId: { id: 'fusion-conservee', label: 'Fiche à conserver' }, duplicateId: { id: 'fusion-doublon', label: 'Fiche en double' } }} />
      ) : (
        ''
      )}
      <form method="post" action={`/spie/${space.id}/recherche`} novalidate>
        <CsrfField ctx={ctx} />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <TextField {...FIELDS.name} name="name" value={state.values.name} error={state.errors.name ?? state.errors.form} hint="Dans n’importe quel ordre ; accents, majuscules et traits d’union sont ignorés" autocomplete="off" />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <TextField {...FIELDS.birthDate} name="birthDate" type="date" value={state.values.birthDate} error={state.errors.birthDate} hint="Format jj/mm/aaaa" autocomplete="off" />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <TextField {...FIELDS.cafNumber} name="cafNumber" value={state.values.cafNumber} error={state.errors.cafNumber} hint="7 à 13 chiffres" inputmode="numeric" autocomplete="off" />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <TextField {...FIELDS.franceTravailId} name="franceTravailId" value={state.values.franceTravailId} error={state.errors.franceTravailId} hint="7 à 11 lettres et chiffres" autocomplete="off" />
          </div>
        </div>
        <button class="fr-btn fr-icon-search-line fr-btn--icon-left fr-mt-2w" type="submit">
          Rechercher
        </button>
      </form>
      <Results ctx={ctx} space={space} state={state} />
      {state.candidates === null && space.may.open ? (
        <p class="fr-mt-6w">
          Personne encore inconnue du SPIE ?{' '}
          <a class="fr-link" href={`/spie/${space.id}/personnes/nouvelle`}>
            Créer la personne et ouvrir son parcours
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>,
    status,
  );
}
