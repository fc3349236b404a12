import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

describe("the root README's in-call example", () => {
  it('is examples/readmeInCall.ts, which the package type-check compiles (strict, against the packages)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```ts\n(import \{ createCallingApp \}[\s\S]*?)```/.exec(readme)?.[1];
    const file = readFileSync(join(__dirname, '../examples/readmeInCall.ts'), 'utf8');
    expect(block).toBeDefined();
    expect(file.split('// README:\n')[1]).toBe(block);
  });
});
