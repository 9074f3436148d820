/**
 * XML namespace names the Office Open XML formats (.xlsx, .pptx) require inside their files.
 * They are identifiers written into the exported XML, never URLs the app fetches: nothing here is
 * requested (the page's Content-Security-Policy allows its own origin only).
 */
const BASE = 'http://schemas.openxmlformats.org';

export const NS = {
  drawing: `${BASE}/drawingml/2006/main`,
  drawingTable: `${BASE}/drawingml/2006/table`,
  relationships: `${BASE}/officeDocument/2006/relationships`,
  presentation: `${BASE}/presentationml/2006/main`,
  spreadsheet: `${BASE}/spreadsheetml/2006/main`,
  packageRelationships: `${BASE}/package/2006/relationships`,
  contentTypes: `${BASE}/package/2006/content-types`,
  coreProperties: `${BASE}/package/2006/relationships/metadata/core-properties`,
  coreMetadata: `${BASE}/package/2006/metadata/core-properties`,
  dublinCore: 'http://purl.org/dc/elements/1.1/',
} as const;
