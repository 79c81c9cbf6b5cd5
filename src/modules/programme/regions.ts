/** The programme region that serves a country (each country belongs to one region), if any. */
import type { Programme, Region } from './programme.schema.ts';

export function regionOfCountry(programme: Programme, country: string): Region | undefined {
  return programme.regions.find((r) => r.countries.includes(country));
}
