/** The Overview page's extras: the ranked "Why did throughput drop?" view above the panels. */
import { OVERVIEW_PAGE } from '../../catalog/pages/overview';
import { variableContext } from '../../queries/context';
import type { PageExtras } from '../types';
import { WhyThroughputDropped } from './WhyThroughputDropped';

export const causesExtras: PageExtras = (settings) => [
  new WhyThroughputDropped(variableContext(settings.role, OVERVIEW_PAGE.filters)),
];
