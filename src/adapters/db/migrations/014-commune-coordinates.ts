/**
 * Search by distance (issue 6 §4, « distance when coordinates exist »).
 *
 * The centres of communes: the COG reference (@etalab/decoupage-administratif) has no coordinates, so
 * they are loaded from a file the operator chooses (`npm run cli -- communes:coordonnees <fichier.csv>`,
 * e.g. the « communes de France » file with its latitude and longitude columns), recorded with their
 * source. A commune without a centre simply offers no distance search.
 *
 * The position of a service: its own coordinates when it has both, else its structure's — kept in
 * `position_lat` / `position_lon` by triggers (a service written; a structure's coordinates changed),
 * so that the search reads one pair of columns on one index instead of joining the structures. Absent
 * from the Kysely schema's inserts: only the search reads them.
 *
 * `distance_km`: the haversine distance on the Earth's mean radius, the formula of
 * src/domains/catalogue/entities/distance.ts (checked against it in test/db/catalogue-distance.test.ts).
 */
export const statements = [
  `create table commune_centre (
    code text primary key,
    latitude double precision not null check (latitude between -90 and 90),
    longitude double precision not null check (longitude between -180 and 180),
    source text not null,
    loaded_at timestamptz not null
  )`,
  `create function distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
     returns double precision language sql immutable parallel safe as $$
     select 2 * 6371.0088 * asin(least(1, sqrt(
       power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
   $$`,
  `alter table catalogue_service add column position_lat double precision, add column position_lon double precision`,
  `create function catalogue_service_position() returns trigger language plpgsql as $$
   begin
     if new.latitude is not null and new.longitude is not null then
       new.position_lat := new.latitude;
       new.position_lon := new.longitude;
     else
       select st.latitude, st.longitude into new.position_lat, new.position_lon
         from catalogue_structure st where st.id = new.structure_id and st.latitude is not null and st.longitude is not null;
       if not found then
         new.position_lat := null;
         new.position_lon := null;
       end if;
     end if;
     return new;
   end $$`,
  `create trigger catalogue_service_position before insert or update of latitude, longitude, structure_id on catalogue_service
     for each row execute function catalogue_service_position()`,
  `create function catalogue_structure_position() returns trigger language plpgsql as $$
   begin
     update catalogue_service s
        set position_lat = case when new.latitude is not null and new.longitude is not null then new.latitude end,
            position_lon = case when new.latitude is not null and new.longitude is not null then new.longitude end
      where s.structure_id = new.id and (s.latitude is null or s.longitude is null);
     return null;
   end $$`,
  `create trigger catalogue_structure_position after update of latitude, longitude on catalogue_structure
     for each row when (old.latitude is distinct from new.latitude or old.longitude is distinct from new.longitude)
     execute function catalogue_structure_position()`,
  `update catalogue_service s set latitude = s.latitude`,
  `create index catalogue_service_position_idx on catalogue_service (space_id, position_lat, position_lon) where status = 'published' and position_lat is not null`,
];
