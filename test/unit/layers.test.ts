/** The layer rule of docs/architecture.md, as ESLint applies it in `npm run lint`. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../../src/lib/engine/node';

async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [r] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return r.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

describe('layers depend one way', () => {
  it('a lower layer importing a higher one is an error; the other way is allowed', async () => {
    expect(
      await layerErrors('src/lib/contract/probe.ts', "import { NO_FILTERS } from '../queries/filters';\nexport const x = NO_FILTERS;\n"),
    ).toEqual([expect.stringMatching(/"contract" to elements of type "queries"/)]);
    expect(
      await layerErrors('src/lib/db/probe.ts', "import { loadFiles } from '../import/loadFiles';\nexport const x = loadFiles;\n"),
    ).toHaveLength(1);
    expect(await layerErrors('src/lib/queries/probe.ts', "import { RULES } from '../domain/rules';\nexport const x = RULES;\n")).toEqual(
      [],
    );
    expect(await layerErrors('src/features/probe.ts', "import { RULES } from '../lib/domain/rules';\nexport const x = RULES;\n")).toEqual(
      [],
    );
  }, 60_000);
});
