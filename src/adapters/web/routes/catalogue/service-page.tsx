/**
 * A service of the catalogue (issue 6 §4): every field of the data·inclusion v1 record, labelled in
 * French, list values by their official labels, and its structure's contact details.
 */
import type { FastifyInstance } from 'fastify';
import { findService, type ServiceDetail } from '../../../../domains/catalogue/adapters/search.js';
import type { CatalogueRecord } from '../../../../domains/catalogue/entities/catalogue-record.js';
import { labelOf, type ValueListName } from '../../../../domains/catalogue/entities/value-lists.js';
import { Layout, pageContext, type PageContext } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { formatDay } from '../pathway/space-common.js';
import { CatalogueBreadcrumb, catalogueSpace, searchConfig, servicesPath } from './catalogue-common.js';

type Row = { label: string; value: string | string[] | null; link?: 'web' | 'mail' | 'tel' };

function text(record: CatalogueRecord, name: string): string | null {
  const v = record[name];
  return v === null || v === undefined || v === '' ? null : String(v);
}

function listed(record: CatalogueRecord, name: string, list: ValueListName): string[] | null {
  const v = record[name];
  return Array.isArray(v) && v.length > 0 ? v.map((x) => labelOf(list, String(x))) : null;
}

function address(record: CatalogueRecord): string | null {
  const parts = [text(record, 'adresse'), text(record, 'complement_adresse'), [text(record, 'code_postal'), text(record, 'commune')].filter(Boolean).join(' ')].filter((p) => p);
  return parts.length > 0 ? parts.join(', ') : null;
}

const number = (record: CatalogueRecord, name: string, unit: string) => (typeof record[name] === 'number' ? `${(record[name] as number).toLocaleString('fr-FR')} ${unit}` : null);

function serviceRows(s: CatalogueRecord): { title: string; rows: Row[] }[] {
  return [
    {
      title: 'Le service',
      rows: [
        { label: 'Type de service', value: text(s, 'type') && labelOf('types', text(s, 'type')!) },
        { label: 'Thématiques', value: listed(s, 'thematiques', 'thematiques') },
        { label: 'Publics', value: listed(s, 'publics', 'publics') },
        { label: 'Précisions sur les publics', value: text(s, 'publics_precisions') },
        { label: 'Conditions d’accès', value: text(s, 'conditions_acces') },
        { label: 'Frais', value: text(s, 'frais') && labelOf('frais', text(s, 'frais')!) },
        { label: 'Précisions sur les frais', value: text(s, 'frais_precisions') },
        { label: 'Durée', value: number(s, 'nombre_semaines', 'semaine(s)') },
        { label: 'Volume horaire hebdomadaire', value: number(s, 'volume_horaire_hebdomadaire', 'heure(s)') },
        { label: 'Zone d’éligibilité (codes)', value: Array.isArray(s.zone_eligibilite) && s.zone_eligibilite.length > 0 ? (s.zone_eligibilite as string[]) : null },
      ],
    },
    {
      title: 'Comment mobiliser le service',
      rows: [
        { label: 'Modes d’accueil', value: listed(s, 'modes_accueil', 'modesAccueil') },
        { label: 'Modes de mobilisation', value: listed(s, 'modes_mobilisation', 'modesMobilisation') },
        { label: 'Mobilisable par', value: listed(s, 'mobilisable_par', 'personnesMobilisatrices') },
        { label: 'Précisions sur la mobilisation', value: text(s, 'mobilisation_precisions') },
        { label: 'Lien de mobilisation', value: text(s, 'lien_mobilisation'), link: 'web' },
        { label: 'Contact', value: text(s, 'contact_nom_prenom') },
        { label: 'Courriel', value: text(s, 'courriel'), link: 'mail' },
        { label: 'Téléphone', value: text(s, 'telephone'), link: 'tel' },
        { label: 'Adresse', value: address(s) },
        { label: 'Horaires d’accueil', value: text(s, 'horaires_accueil') },
      ],
    },
  ];
}

function structureRows(st: CatalogueRecord): Row[] {
  return [
    { label: 'Nom', value: text(st, 'nom') },
    { label: 'SIRET', value: text(st, 'siret') },
    { label: 'Description', value: text(st, 'description') },
    { label: 'Réseaux porteurs', value: listed(st, 'reseaux_porteurs', 'reseauxPorteurs') },
    { label: 'Adresse', value: address(st) },
    { label: 'Téléphone', value: text(st, 'telephone'), link: 'tel' },
    { label: 'Courriel', value: text(st, 'courriel'), link: 'mail' },
    { label: 'Site web', value: text(st, 'site_web'), link: 'web' },
    { label: 'Horaires d’accueil', value: text(st, 'horaires_accueil') },
    { label: 'Accessibilité du lieu', value: text(st, 'accessibilite_lieu'), link: 'web' },
  ];
}

function Value({ row }: { row: Row }) {
  if (row.value === null) return <span class="fr-text--sm">Non renseigné</span>;
  if (Array.isArray(row.value)) {
    return (
      <ul class="fr-mb-0">
        {row.value.map((v) => (
          <li safe>{v}</li>
        ))}
      </ul>
    );
  }
  const v: string = row.value;
  if (row.link === 'web' && /^https?:\/\//.test(v)) {
    return (
      <a class="fr-link" href={v} rel="noopener" target="_blank" title={`${v} – nouvelle fenêtre`} safe>
        {v}
      </a>
    );
  }
  if (row.link === 'mail') {
    return (
      <a class="fr-link" href={`mailto:${v}`} safe>
        {v}
      </a>
    );
  }
  if (row.link === 'tel') {
    return (
      <a class="fr-link" href={`tel:${v.replace(/[^\d+]/g, '')}`} safe>
        {v}
      </a>
    );
  }
  return <span class="spie-pre" safe>{v}</span>;
}

function Fields({ rows }: { rows: Row[] }) {
  return (
    <dl class="fr-mb-4w">
      {rows.map((row) => (
        <>
          <dt class="fr-text--bold fr-mt-2w" safe>
            {row.label}
          </dt>
          <dd class="fr-ml-0">
            <Value row={row} />
          </dd>
        </>
      ))}
    </dl>
  );
}

function ServicePage({ ctx, space, detail }: { ctx: PageContext; space: { id: number; name: string }; detail: ServiceDetail }) {
  const { service, structure } = detail;
  const nom: string = String(service.nom);
  const updated: string = `Mis à jour le ${formatDay(text(service, 'date_maj'))} — source : ${String(service.source)}`;
  return (
    <Layout ctx={ctx} title={`${nom} – Services d’insertion – ${space.name}`}>
      <CatalogueBreadcrumb space={space} parent={{ label: 'Services d’insertion', href: servicesPath(space.id) }} here={nom} />
      <h1 safe>{nom}</h1>
      <p class="fr-text--sm" safe>
        {updated}
      </p>
      <p class="fr-text--lead spie-pre" safe>
        {String(service.description)}
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-icon-send-plane-line fr-btn--icon-left" href={`${servicesPath(space.id)}/${encodeURIComponent(String(service.id))}/orienter`}>
            Orienter une personne vers ce service
          </a>
        </li>
        <li>
          {/* SPIE-5: to one of the actor's open pathways (routes/pathway/pathway-plan-service.tsx). */}
          <a class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left" href={`${servicesPath(space.id)}/${encodeURIComponent(String(service.id))}/ajouter-au-plan`}>
            Ajouter au plan d’un parcours
          </a>
        </li>
      </ul>
      {serviceRows(service).map((group) => (
        <section>
          <h2 class="fr-h4" safe>
            {group.title}
          </h2>
          <Fields rows={group.rows} />
        </section>
      ))}
      <section>
        <h2 class="fr-h4">La structure qui le propose</h2>
        <Fields rows={structureRows(structure)} />
      </section>
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={servicesPath(space.id)}>
          Retour à la recherche
        </a>
      </p>
    </Layout>
  );
}

export function registerServicePage(app: FastifyInstance): void {
  app.get('/spie/:spaceId/services/:serviceId', { config: searchConfig }, async (request, reply) => {
    const space = await catalogueSpace(request, app.deps);
    const serviceId = String((request.params as { serviceId: string }).serviceId).slice(0, 300);
    const detail = await findService(app.deps.db, space.id, serviceId);
    if (!detail) throw new HttpError(404);
    return sendPage(reply, <ServicePage ctx={pageContext(request)} space={space} detail={detail} />);
  });
}
