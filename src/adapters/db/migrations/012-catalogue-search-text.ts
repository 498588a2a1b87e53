/**
 * Catalogue free-text search on one column (issue 6 §4, benchmark p95 < 50 ms): `search_text` holds the
 * service's name, its description and its structure's name, lower-cased, joined by U+001F (a control
 * character no one types, so that a pattern without it cannot match across two fields), with ONE
 * trigram index. The search asks `search_text like lower(pattern)`: on UTF-8, that is what `ilike`
 * computes (it lower-cases both sides, then compares), without lower-casing every row again at each
 * search — three to four times cheaper per row read.
 *
 * A single predicate lets PostgreSQL estimate how many services match and choose: for a frequent term,
 * read the list in the order of `catalogue_service_list_idx` (space, status, name, id) and stop after
 * one page or the count cap; for a rare one, the trigram index. The description's trigram index of
 * migration 010 is no longer needed; the name's stays, for the plan's search of a service by name.
 *
 * Triggers keep the column right without the writers knowing of it: a service inserted, or its name,
 * description or structure changed; a structure renamed (its services' texts are rewritten). The column
 * is nullable and absent from the Kysely schema: only the search reads it.
 */
export const statements = [
  `alter table catalogue_service add column search_text text`,
  `create function catalogue_search_text(nom text, description text, structure_nom text) returns text
     language sql immutable as $$ select lower(nom) || chr(31) || lower(description) || chr(31) || lower(coalesce(structure_nom, '')) $$`,
  `create function catalogue_service_search_text() returns trigger language plpgsql as $$
   begin
     new.search_text := catalogue_search_text(new.nom, new.description, (select st.nom from catalogue_structure st where st.id = new.structure_id));
     return new;
   end $$`,
  `create trigger catalogue_service_search_text before insert or update of nom, description, structure_id on catalogue_service
     for each row execute function catalogue_service_search_text()`,
  `create function catalogue_structure_search_text() returns trigger language plpgsql as $$
   begin
     update catalogue_service s set search_text = catalogue_search_text(s.nom, s.description, new.nom) where s.structure_id = new.id;
     return null;
   end $$`,
  `create trigger catalogue_structure_search_text after update of nom on catalogue_structure
     for each row when (old.nom is distinct from new.nom) execute function catalogue_structure_search_text()`,
  `update catalogue_service s set search_text = catalogue_search_text(s.nom, s.description, st.nom) from catalogue_structure st where st.id = s.structure_id`,
  `create index catalogue_service_search_text_trgm on catalogue_service using gin (search_text gin_trgm_ops)`,
  `drop index catalogue_service_description_trgm`,
];
