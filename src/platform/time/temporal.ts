/** The one place the Temporal ponyfill is imported (zoned, DST-correct date and time arithmetic). */
export { Temporal } from 'temporal-polyfill';
