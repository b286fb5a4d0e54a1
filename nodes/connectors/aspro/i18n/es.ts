import type { CatalogTexts } from '../../../sdk/texts';
export const es: CatalogTexts = {};
