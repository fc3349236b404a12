import { parseDocPage } from './parseDocPage';

const localized = (local: string, english: string) =>
  `<span data-ttu-id="x-1">${local}</span><span class="sxs-lookup"><span data-stu-id="x-1">${english}</span></span>`;

describe('DocFX tab groups', () => {
  const page = parseDocPage(
    [
      '## Example 1',
      '',
      '# <a name="http"></a>[HTTP](#tab/http)',
      '<!-- { "blockType": "request", "name": "a" } -->',
      '```http',
      'POST https://graph.microsoft.com/v1.0/communications/calls',
      '```',
      '',
      `# <a name="c"></a>[${localized('Цель — C', 'C#')}](#tab/csharp)`,
      '[!INCLUDE [sample-code](../includes/snippets/csharp/a.md)]',
      '',
      '```text',
      '---',
      '```',
      '',
      '---',
      '',
      '# [Only](#tab/only)',
      'text',
      '# Not a tab',
    ].join('\n'),
  );

  it('groups consecutive tab headings and closes a group at ---, not at a --- inside a fence', () => {
    expect(page.tabGroups.map((g) => ({ line: g.line, close: g.closeLine, tabs: g.tabs.map((t) => `${t.key}@${t.line}`) }))).toEqual([
      { line: 3, close: 16, tabs: ['http@3', 'csharp@9'] },
      { line: 18, close: undefined, tabs: ['only@18'] },
    ]);
  });

  it('keeps both readings of a localized tab label', () => {
    expect(page.tabGroups[0]?.tabs[1]?.label).toMatchObject({ local: 'Цель — C', english: 'C#' });
  });

  it('leaves blocks under a tab under their section heading', () => {
    expect(page.blocks[0]?.heading?.english).toBe('Example 1');
    expect(page.blocks[0]?.annotation?.name).toBe('a');
  });
});
