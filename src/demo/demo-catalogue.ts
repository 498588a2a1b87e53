/**
 * The demo's catalogue of services (issue 6): a dozen services of Maine-et-Loire in the
 * data·inclusion v1 format — those of the consortium's member organisations (their structure is the
 * one « Mes services » maintains, so their professionals answer orientations from their account) and
 * those of structures outside the consortium, answered by link — with coordinates, and the centres of
 * the communes they are in, so that the search by distance can be tried.
 *
 * Demonstration data: names, addresses, e-mails are made up; coordinates are rounded town-centre
 * positions typed for the demo, not an official reference (load one with
 * `npm run cli -- communes:coordonnees`).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../adapters/db/schema.js';
import { columnsOf } from '../domains/catalogue/entities/catalogue-record.js';
import { organisationStructureId } from '../domains/catalogue/adapters/services.js';
import { saveCommuneCentres } from '../domains/territory/adapters/commune-centres.js';

/** Rounded centres of the demo's communes (WGS 84), for the demo only. */
export const DEMO_COMMUNE_CENTRES = [
  { code: '49007', latitude: 47.4736, longitude: -0.5542 }, // Angers
  { code: '49099', latitude: 47.06, longitude: -0.8789 }, // Cholet
  { code: '49328', latitude: 47.26, longitude: -0.0769 }, // Saumur
  { code: '49353', latitude: 47.4461, longitude: -0.4656 }, // Trélazé
  { code: '49331', latitude: 47.6864, longitude: -0.8719 }, // Segré-en-Anjou Bleu
  { code: '49015', latitude: 47.5061, longitude: -0.5889 }, // Avrillé
  { code: '49267', latitude: 47.4675, longitude: -0.495 }, // Saint-Barthélemy-d'Anjou
  { code: '49246', latitude: 47.4242, longitude: -0.5247 }, // Les Ponts-de-Cé
  { code: '49023', latitude: 47.2036, longitude: -0.9883 }, // Beaupréau-en-Mauges
  { code: '49018', latitude: 47.5414, longitude: -0.1033 }, // Baugé-en-Anjou
];

type Structure = Record<string, unknown> & { key: string; id?: string; organisation?: string };
type Service = Record<string, unknown> & { id: string; structure: string };

const UPDATED = '2026-10-01';

/** Structures: `organisation` names a demo organisation of the consortium (its « Mes services » structure). */
const STRUCTURES: Structure[] = [
  { key: 'ml', organisation: 'ml-49', nom: 'Mission locale angevine', siret: '77500490000145', adresse: '12 place Imbach', code_postal: '49100', code_insee: '49007', commune: 'Angers', latitude: 47.4752, longitude: -0.5531, courriel: 'contact@missionlocale49.demo.test', telephone: '02 41 00 10 10', reseaux_porteurs: ['mission-locale'] },
  { key: 'ft', organisation: 'ft-49', nom: 'France Travail — Angers', siret: '13000490000127', adresse: '3 rue Vauvert', code_postal: '49100', code_insee: '49007', commune: 'Angers', latitude: 47.4689, longitude: -0.5618, courriel: 'angers@francetravail49.demo.test', reseaux_porteurs: ['france-travail'] },
  { key: 'ccas', organisation: 'ccas-angers', nom: 'CCAS d’Angers', siret: '26490001000010', adresse: 'Boulevard de la Résistance et de la Déportation', code_postal: '49100', code_insee: '49007', commune: 'Angers', latitude: 47.4708, longitude: -0.5489, courriel: 'accueil@ccas-angers.demo.test', reseaux_porteurs: ['ccas-cias'] },
  { key: 'asso', organisation: 'asso-49', nom: 'Association Tremplin Mobilité 49', siret: '78900490000153', adresse: '8 rue de la Gare', code_postal: '49800', code_insee: '49353', commune: 'Trélazé', latitude: 47.4455, longitude: -0.4672, courriel: 'contact@tremplin-mobilite49.demo.test' },
  { key: 'cd', organisation: 'cd-49', nom: 'Maison départementale des solidarités du Choletais', siret: '22490001000014', adresse: '2 rue du Planty', code_postal: '49300', code_insee: '49099', commune: 'Cholet', latitude: 47.0613, longitude: -0.8801, courriel: 'mds-cholet@cd49.demo.test', reseaux_porteurs: ['departements'] },
  { key: 'saumur', id: 'demo--epicerie-saumur', nom: 'Épicerie solidaire du Saumurois', adresse: '5 rue Saint-Nicolas', code_postal: '49400', code_insee: '49328', commune: 'Saumur', latitude: 47.2598, longitude: -0.0781, courriel: 'bonjour@epicerie-saumur.demo.test' },
  { key: 'segre', id: 'demo--crepi-segre', nom: 'Chantier d’insertion du Segréen', adresse: 'ZA de Bel Air', code_postal: '49500', code_insee: '49331', commune: 'Segré-en-Anjou Bleu', latitude: 47.6901, longitude: -0.8655, courriel: 'contact@chantier-segreen.demo.test', reseaux_porteurs: ['chantier-ecole'] },
];

const SERVICES: Service[] = [
  { id: 'demo--ml-cej', structure: 'ml', nom: 'Contrat d’engagement jeune', description: 'Un accompagnement intensif de 6 à 12 mois vers l’emploi ou la formation, avec une allocation, pour les jeunes de 16 à 25 ans.', type: 'accompagnement', thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'choisir-un-metier--identifier-ses-points-forts-et-ses-competences'], publics: ['jeunes'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['telephoner', 'se-presenter'], mobilisable_par: ['professionnels', 'usagers'], zone_eligibilite: ['49'] },
  { id: 'demo--ml-cv', structure: 'ml', nom: 'Atelier CV et lettre de motivation', description: 'Deux matinées en petit groupe pour écrire son CV et une lettre adaptée à une offre, sur ordinateur.', type: 'atelier', thematiques: ['preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'], publics: ['jeunes'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['envoyer-un-courriel'], mobilisable_par: ['professionnels'] },
  { id: 'demo--ft-club', structure: 'ft', nom: 'Club recherche d’emploi', description: 'Trois semaines en groupe pour organiser ses recherches, préparer ses entretiens et rencontrer des employeurs du bassin angevin.', type: 'atelier', thematiques: ['trouver-un-emploi--convaincre-un-recruteur-en-entretien', 'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi'], publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['envoyer-un-courriel'], mobilisable_par: ['professionnels'] },
  { id: 'demo--ft-immersion', structure: 'ft', nom: 'Immersion professionnelle en entreprise', description: 'Découvrir un métier quelques jours dans une entreprise, avec une convention d’immersion (PMSMP).', type: 'accompagnement', thematiques: ['choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite'], publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux', 'jeunes'], frais: 'gratuit', modes_accueil: ['en-presentiel'], mobilisable_par: ['professionnels'], zone_eligibilite: ['49'] },
  { id: 'demo--ccas-budget', structure: 'ccas', nom: 'Accompagnement budgétaire', description: 'Un conseiller aide à faire le point sur le budget, les dettes et les aides, et à préparer un dossier de surendettement si besoin.', type: 'accompagnement', thematiques: ['difficultes-financieres--ameliorer-sa-gestion-budgetaire', 'difficultes-financieres--situation-dendettement-surendettement'], publics: ['tous-publics'], frais: 'gratuit', modes_accueil: ['en-presentiel', 'a-distance'], modes_mobilisation: ['telephoner'], mobilisable_par: ['professionnels', 'usagers'], zone_eligibilite: ['49007'] },
  { id: 'demo--ccas-hebergement', structure: 'ccas', nom: 'Hébergement temporaire et accès au logement', description: 'Accueil, orientation vers un hébergement d’urgence ou temporaire et aide aux démarches de logement social.', type: 'accompagnement', thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire', 'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement'], publics: ['personnes-en-situation-durgence', 'familles'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['se-presenter', 'telephoner'], mobilisable_par: ['professionnels', 'usagers'] },
  { id: 'demo--asso-garage', structure: 'asso', nom: 'Garage solidaire', description: 'Réparation et entretien de véhicules à prix réduit pour les personnes qui en ont besoin pour travailler ou se former.', type: 'aide-materielle', thematiques: ['mobilite--entretenir-reparer-son-vehicule'], publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi'], frais: 'payant', frais_precisions: 'Main-d’œuvre à 10 € de l’heure ; pièces au prix coûtant.', modes_accueil: ['en-presentiel'], modes_mobilisation: ['telephoner'], mobilisable_par: ['professionnels'] },
  { id: 'demo--asso-permis', structure: 'asso', nom: 'Auto-école sociale', description: 'Préparer le code et le permis B à son rythme, avec des moniteurs formés à l’accompagnement des personnes éloignées de l’emploi.', type: 'formation', thematiques: ['mobilite--preparer-un-permis'], publics: ['beneficiaires-des-minimas-sociaux', 'jeunes'], frais: 'payant', modes_accueil: ['en-presentiel'], modes_mobilisation: ['envoyer-un-courriel'], mobilisable_par: ['professionnels'], zone_eligibilite: ['49'] },
  { id: 'demo--cd-sante', structure: 'cd', nom: 'Permanence accès aux soins', description: 'Une infirmière aide à ouvrir ses droits à la complémentaire santé solidaire et à trouver un médecin traitant.', type: 'information', thematiques: ['sante--acces-aux-soins'], publics: ['tous-publics'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['se-presenter'], mobilisable_par: ['professionnels', 'usagers'] },
  { id: 'demo--cd-numerique', structure: 'cd', nom: 'Atelier numérique : démarches en ligne', description: 'Créer son adresse électronique, son espace CAF et France Travail, et faire ses démarches en ligne en autonomie.', type: 'atelier', thematiques: ['numerique--acceder-a-des-services-en-ligne', 'numerique--maitriser-les-fondamentaux-du-numerique'], publics: ['tous-publics'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['telephoner'], mobilisable_par: ['professionnels', 'usagers'] },
  { id: 'demo--saumur-epicerie', structure: 'saumur', nom: 'Épicerie solidaire', description: 'Des produits alimentaires et d’hygiène à 10 à 30 % de leur prix, sur orientation d’un travailleur social, pour trois mois renouvelables.', type: 'aide-materielle', thematiques: ['equipement-et-alimentation--alimentation'], publics: ['familles', 'beneficiaires-des-minimas-sociaux'], frais: 'payant', modes_accueil: ['en-presentiel'], modes_mobilisation: ['envoyer-un-courriel'], mobilisable_par: ['professionnels'] },
  { id: 'demo--segre-chantier', structure: 'segre', nom: 'Chantier d’insertion espaces verts', description: 'Un contrat de 26 heures par semaine dans l’entretien des espaces verts, avec un accompagnement socio-professionnel et des formations.', type: 'accompagnement', thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'remobilisation--lien-social'], publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi'], frais: 'gratuit', modes_accueil: ['en-presentiel'], modes_mobilisation: ['telephoner'], mobilisable_par: ['professionnels'] },
];

/** The demo structures and services as data·inclusion records, once the space and organisations are known. */
export function demoCatalogueRecords(spaceId: number, organisationIds: Map<string, number>) {
  const structureIds = new Map<string, string>();
  const structures = STRUCTURES.map(({ key, id, organisation, ...fields }) => {
    const structureId = organisation ? organisationStructureId(spaceId, organisationIds.get(organisation)!) : id!;
    structureIds.set(key, structureId);
    return { record: { source: organisation ? 'spie' : 'demo', id: structureId, date_maj: UPDATED, ...fields }, organisationId: organisation ? organisationIds.get(organisation)! : null };
  });
  const services = SERVICES.map(({ structure, ...fields }) => ({ source: 'spie', structure_id: structureIds.get(structure)!, date_maj: UPDATED, ...fields }));
  return { structures, services };
}

export async function seedDemoCatalogue(trx: Transaction<Database>, spaceId: number, organisationIds: Map<string, number>, now: Date): Promise<void> {
  const { structures, services } = demoCatalogueRecords(spaceId, organisationIds);
  for (const s of structures) {
    await trx
      .insertInto('catalogue_structure')
      .values({ ...(columnsOf('structure', s.record) as { id: string; source: string; nom: string; date_maj: string }), organisation_id: s.organisationId, space_id: spaceId, created_at: now, updated_at: now })
      .execute();
  }
  for (const s of services) {
    await trx
      .insertInto('catalogue_service')
      .values({ ...(columnsOf('service', s) as { id: string; structure_id: string; source: string; nom: string; description: string; date_maj: string }), status: 'published', space_id: spaceId, reviewed_at: now, created_at: now, updated_at: now })
      .execute();
  }
  await saveCommuneCentres(trx, DEMO_COMMUNE_CENTRES, 'démonstration (centres arrondis, non officiels)', now);
}
