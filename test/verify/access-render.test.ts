/**
 * The report's access section in HTML and Markdown: a small tenant's every way in, a large one's
 * undeclared ways in only, and the step summary's count and list.
 */
import { describe, expect, it } from 'vitest';
import type { AccessRow } from '../../src/access/query.js';
import { sectionOf } from '../../src/verify/access-section.js';
import { ACCESS_ROWS } from '../../src/verify/render/access.js';
import { htmlChunks } from '../../src/verify/render/html.js';
import { markdownChunks } from '../../src/verify/render/markdown.js';
import { reportOf } from '../checks/fixture.js';

const row = (index: number, declared: boolean): AccessRow => ({
  mailbox: `shared${index}@contoso.com`,
  principal: `user${index}@contoso.com`,
  principalKind: 'user',
  principalName: `User ${index}`,
  rights: ['read'],
  kind: 'full-access',
  via: 'Full Access granted directly',
  groups: [],
  declared,
});

const page = (rows: AccessRow[]): string => [...htmlChunks({ ...reportOf([]), access: sectionOf(rows) })].join('');

describe("the report's access section", () => {
  it('lists every way in of a small tenant, marking the undeclared ones', () => {
    const html = page([row(1, true), row(2, false)]);
    expect(html).toContain('<h2 id="access">Who can get in</h2>');
    expect(html).toContain('<tr><td>shared1@contoso.com</td>');
    expect(html).toContain('<tr class="fail"><td>shared2@contoso.com</td>');
    expect(html).not.toContain('too many to list here');
  });

  it('lists only the undeclared ways in of a large tenant, and says where the rest are', () => {
    const rows = Array.from({ length: ACCESS_ROWS + 10 }, (_, index) => row(index, index % 100 !== 0));
    const html = page(rows);
    expect(html).toContain(`${(ACCESS_ROWS + 10).toLocaleString('en-US')} ways in are too many to list here`);
    expect(html.match(/<tr class="fail">/g)).toHaveLength(11);
    expect(html).not.toContain('<tr><td>');
  });

  it('gives the step summary the count and the undeclared ways in', () => {
    const markdown = [...markdownChunks({ ...reportOf([]), access: sectionOf([row(1, true), row(2, false)]) })].join('');
    expect(markdown).toContain('### ❌ Who can get in');
    expect(markdown).toContain('2 ways into 2 mailboxes, 1 not declared. Those nobody declared:');
    expect(markdown).toContain('- shared2@contoso.com: User 2 (user2@contoso.com) can read, through Full Access granted directly');
  });
});
