import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm, formatDistance, isRadius, KM_PER_DEGREE, nearness, nearnessWithin } from './distance.js';

const PARIS = { latitude: 48.8566, longitude: 2.3522 };
const LYON = { latitude: 45.764, longitude: 4.8357 };

describe('distance to a service', () => {
  it('gives the great-circle distance in kilometres', () => {
    expect(distanceKm(PARIS, LYON)).toBeGreaterThan(390);
    expect(distanceKm(PARIS, LYON)).toBeLessThan(393);
    expect(distanceKm(PARIS, PARIS)).toBe(0);
    expect(distanceKm(PARIS, LYON)).toBeCloseTo(distanceKm(LYON, PARIS), 9);
  });

  it('draws a box that holds the whole circle', () => {
    const box = boundingBox(PARIS, 20);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      // A point 19.9 km away in each direction is inside the box.
      const b = (bearing * Math.PI) / 180;
      const p = { latitude: PARIS.latitude + (19.9 / 111.195) * Math.cos(b), longitude: PARIS.longitude + ((19.9 / 111.195) * Math.sin(b)) / Math.cos((PARIS.latitude * Math.PI) / 180) };
      expect(distanceKm(PARIS, p)).toBeLessThan(20);
      expect(p.latitude).toBeGreaterThan(box.minLat);
      expect(p.latitude).toBeLessThan(box.maxLat);
      expect(p.longitude).toBeGreaterThan(box.minLon);
      expect(p.longitude).toBeLessThan(box.maxLon);
    }
  });

  it('orders and bounds nearby services as the haversine does, within 1 %', () => {
    // Centres from Dunkerque to Perpignan, points in every direction up to 60 km.
    for (const centre of [{ latitude: 51.03, longitude: 2.37 }, { latitude: 47.47, longitude: -0.55 }, { latitude: 42.7, longitude: 2.9 }]) {
      for (let bearing = 0; bearing < 360; bearing += 15) {
        for (const km of [0.5, 5, 20, 49, 60]) {
          const b = (bearing * Math.PI) / 180;
          const p = { latitude: centre.latitude + (km / KM_PER_DEGREE) * Math.cos(b), longitude: centre.longitude + ((km / KM_PER_DEGREE) * Math.sin(b)) / Math.cos((centre.latitude * Math.PI) / 180) };
          const approx = Math.sqrt(nearness(centre, p)) * KM_PER_DEGREE;
          expect(Math.abs(approx - distanceKm(centre, p)) / distanceKm(centre, p)).toBeLessThan(0.01);
        }
      }
    }
    expect(nearness(PARIS, { latitude: PARIS.latitude + 0.1, longitude: PARIS.longitude })).toBeLessThan(nearnessWithin(20));
    expect(nearness(PARIS, { latitude: PARIS.latitude + 0.2, longitude: PARIS.longitude })).toBeGreaterThan(nearnessWithin(20));
  });

  it('offers only the listed radii', () => {
    expect(isRadius(10)).toBe(true);
    expect(isRadius(12)).toBe(false);
  });

  it('writes distances the French way', () => {
    expect(formatDistance(0.04)).toBe('à moins de 100 m');
    expect(formatDistance(0.07)).toBe('à 100 m');
    expect(formatDistance(0.97)).toBe('à 1 km');
    expect(formatDistance(0.76)).toBe('à 800 m');
    expect(formatDistance(3.24)).toBe('à 3,2 km');
    expect(formatDistance(27.4)).toBe('à 27 km');
  });
});
