/**
 * Which rows of a coordinates file give a commune's centre (issue 6 §4, distance): the file is the
 * operator's (the COG package has no coordinates), a CSV with a header naming the INSEE code and the
 * latitude and longitude in WGS 84 decimal degrees — the usual column names of the public files are
 * recognised (code_insee, code_commune_insee, codgeo…; latitude, latitude_centre, lat…), decimal
 * comma or point. A row that cannot be read is reported with its line and skipped, never guessed.
 */
import type { CsvFile } from '../../pathway/entities/import-csv.js';

export interface CommuneCentre {
  code: string;
  latitude: number;
  longitude: number;
}

const CODE_HEADERS = ['code_insee', 'code_commune_insee', 'code_commune', 'insee', 'codgeo', 'com', 'code'];
const LATITUDE_HEADERS = ['latitude', 'latitude_centre', 'latitude_mairie', 'lat', 'centre_lat'];
const LONGITUDE_HEADERS = ['longitude', 'longitude_centre', 'longitude_mairie', 'lon', 'lng', 'long', 'centre_lon'];

const normalise = (header: string) => header.trim().toLowerCase().replace(/^\uFEFF/, '').replace(/[\s-]+/g, '_');

function columnOf(headers: string[], names: string[]): number {
  const normalised = headers.map(normalise);
  for (const name of names) {
    const index = normalised.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

/** A decimal number written with a point or a comma; null when it is not one. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

export type CentresReading =
  | { ok: true; centres: (CommuneCentre & { line: number })[]; rejected: { line: number; reason: string }[] }
  | { ok: false; reason: string };

export function readCommuneCentres(file: CsvFile): CentresReading {
  const code = columnOf(file.headers, CODE_HEADERS);
  const latitude = columnOf(file.headers, LATITUDE_HEADERS);
  const longitude = columnOf(file.headers, LONGITUDE_HEADERS);
  if (code < 0 || latitude < 0 || longitude < 0) {
    return { ok: false, reason: `Colonnes attendues : le code INSEE (${CODE_HEADERS.slice(0, 3).join(', ')}…), la latitude et la longitude. Colonnes trouvées : ${file.headers.join(', ')}.` };
  }
  const byCode = new Map<string, CommuneCentre & { line: number }>();
  const rejected: { line: number; reason: string }[] = [];
  for (const record of file.records) {
    const c = (record.fields[code] ?? '').trim().toUpperCase();
    const lat = parseDecimal(record.fields[latitude] ?? '');
    const lon = parseDecimal(record.fields[longitude] ?? '');
    if (!/^(\d{5}|2[AB]\d{3})$/.test(c)) rejected.push({ line: record.line, reason: `code INSEE « ${c} » invalide (5 caractères : 49007, 2A004…)` });
    else if (lat === null || lat < -90 || lat > 90) rejected.push({ line: record.line, reason: `latitude « ${record.fields[latitude] ?? ''} » invalide (degrés décimaux entre -90 et 90)` });
    else if (lon === null || lon < -180 || lon > 180) rejected.push({ line: record.line, reason: `longitude « ${record.fields[longitude] ?? ''} » invalide (degrés décimaux entre -180 et 180)` });
    else byCode.set(c, { code: c, latitude: lat, longitude: lon, line: record.line });
  }
  return { ok: true, centres: [...byCode.values()], rejected };
}
