/**
 * Catalogue search speed (issue 6 §4, benchmark): trigram indexes for the free text (`ilike '%…%'` on
 * the service's name and description and the structure's name), and the list order (space, status,
 * name, id) so that a page of results is read in order instead of sorted. pg_trgm is a trusted
 * extension (the database owner may create it); PGlite loads it from its contrib bundle.
 */
export const statements = [
  `create extension if not exists pg_trgm`,
  `create index catalogue_service_nom_trgm on catalogue_service using gin (nom gin_trgm_ops)`,
  `create index catalogue_service_description_trgm on catalogue_service using gin (description gin_trgm_ops)`,
  `create index catalogue_structure_nom_trgm on catalogue_structure using gin (nom gin_trgm_ops)`,
  `create index catalogue_service_list_idx on catalogue_service (space_id, status, nom, id)`,
];
