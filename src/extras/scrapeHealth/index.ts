/** The scrape health page's extras: the live requirement check above the panels. */
import type { PageExtras } from '../types';
import { RequirementChecks } from './RequirementChecks';

export const scrapeHealthExtras: PageExtras = () => [new RequirementChecks()];
