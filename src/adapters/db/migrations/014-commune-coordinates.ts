/**
 * The centres of communes (issue 6 §4, « distance when coordinates exist »): the COG reference
 * (@etalab/decoupage-administratif) has no coordinates, so they are loaded from a file the operator
 * chooses (`npm run cli -- communes:coordonnees <fichier.csv>`, e.g. the IGN/INSEE « communes de
 * France » file with its latitude and longitude columns), recorded with their source. A commune
 * without a centre simply offers no distance search.
 */
export const statements = [
  `create table commune_centre (
    code text primary key,
    latitude double precision not null check (latitude between -90 and 90),
    longitude double precision not null check (longitude between -180 and 180),
    source text not null,
    loaded_at timestamptz not null
  )`,
];
