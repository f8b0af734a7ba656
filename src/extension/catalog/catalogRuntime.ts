/**
 * The catalog machinery (parsing, matching, the disk cache and the command), bundled as
 * dist/catalog.js and loaded on first use, so neither activation nor the core pays for it.
 */
export { addModelFromCatalogCommand } from './addModelFromCatalog';
export { CatalogService } from './catalogService';
export { catalogSections, fillFromCatalog, modelFromCatalog } from '../../providers/catalog/catalogModel';
