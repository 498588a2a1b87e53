/**
 * Distance between a place and a service (issue 6 §4, « distance when coordinates exist »): the
 * great-circle distance on a sphere of the Earth's mean radius (haversine), from the commune's centre
 * to the service's coordinates (or else its structure's). The search's SQL computes the same formula
 * (adapters/search.ts), checked against this one in the database tests.
 */
export const EARTH_RADIUS_KM = 6371.0088;

/** The radii a professional may choose, in kilometres. */
export const RADII_KM = [5, 10, 20, 30, 50] as const;
export type RadiusKm = (typeof RADII_KM)[number];

export const isRadius = (value: number): value is RadiusKm => (RADII_KM as readonly number[]).includes(value);

export interface Point {
  latitude: number;
  longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

export function distanceKm(a: Point, b: Point): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The latitude and longitude bounds of a circle, to let an index pick the candidates before the exact
 * distance is computed: one degree of latitude is the same everywhere, one of longitude shrinks with
 * the cosine of the latitude.
 */
export function boundingBox(centre: Point, radiusKm: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos(radians(centre.latitude)));
  return { minLat: centre.latitude - dLat, maxLat: centre.latitude + dLat, minLon: centre.longitude - dLon, maxLon: centre.longitude + dLon };
}

/** Kilometres in one degree of latitude (and of longitude at the equator). */
export const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

/**
 * Which services are within the radius, and in which order: the equirectangular approximation — the
 * longitude difference shrunk by the cosine of the centre's latitude — squared, in degrees². Plain
 * arithmetic (the search computes it for thousands of services; the exact haversine is computed for
 * the page shown only); within 50 km in metropolitan France it differs from the haversine by less than
 * 1 % (tested), so the order it gives is the order of the distances shown.
 */
export function nearness(centre: Point, p: Point): number {
  const dLat = p.latitude - centre.latitude;
  const dLon = (p.longitude - centre.longitude) * Math.cos(radians(centre.latitude));
  return dLat * dLat + dLon * dLon;
}

/** The largest `nearness` within the radius. */
export const nearnessWithin = (radiusKm: number) => (radiusKm / KM_PER_DEGREE) ** 2;

/** « à moins de 100 m », « à 800 m », « à 3,2 km », « à 27 km ». */
export function formatDistance(km: number): string {
  if (km < 0.05) return 'à moins de 100 m';
  if (km < 0.95) return `à ${Math.max(100, Math.round(km * 10) * 100)} m`;
  if (km < 10) return `à ${(Math.round(km * 10) / 10).toLocaleString('fr-FR')} km`;
  return `à ${Math.round(km).toLocaleString('fr-FR')} km`;
}
