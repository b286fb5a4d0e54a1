import type { CatalogTexts } from '../../../sdk/texts';
export const ru: CatalogTexts = {};
