/** The report's views, by --format name, with the file each is written to under --out-dir. */
import type { Report } from '../result.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const FILE_NAMES: Readonly<Record<Format, string>> = {
  text: 'mbx-report.txt',
  json: 'mbx-report.json',
  junit: 'mbx-report.junit.xml',
  sarif: 'mbx-report.sarif',
  markdown: 'mbx-report.md',
  html: 'mbx-report.html',
};

export function render(report: Report, format: Format, options: { colour: boolean } = { colour: false }): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}
