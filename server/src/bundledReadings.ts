import type { Readings } from './service';
import readings from '../../schemas/readings.json';

/**
 * The readings of schemas/readings.json (hiragana reading and English glosses of every key and of
 * names such as the wards), bundled into the server at build time like the schemas.
 */
export const bundledReadings: Readings = readings;
