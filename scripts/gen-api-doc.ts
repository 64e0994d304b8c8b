/**
 * Writes docs/api.md from the error catalogue and the OpenAPI operations, so the documented codes
 * are exactly the ones the server can return. `npm run docs:api`; a unit test keeps it in sync.
 */
import { writeFileSync } from 'node:fs';
import { renderApiDoc } from '../lib/api/render-api-doc';

writeFileSync('docs/api.md', renderApiDoc());
console.log('wrote docs/api.md');
