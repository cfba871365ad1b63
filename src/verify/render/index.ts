/** The report's views, by --format name, with the file each is written to under --out-dir. */
import type { Report } from '../results.js';
import { jsonChunks } from './common.js';
import { csvChunks } from './csv.js';
import { htmlChunks } from './html.js';
import { junitChunks } from './junit.js';
import { markdownChunks } from './markdown.js';
import { sarifChunks } from './sarif.js';
import { textChunks } from './text.js';

export const FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown', 'html', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export const FILE_NAMES: Readonly<Record<Format, string>> = {
  text: 'mbx-report.txt',
  json: 'mbx-report.json',
  junit: 'mbx-report.junit.xml',
  sarif: 'mbx-report.sarif',
  markdown: 'mbx-report.md',
  html: 'mbx-report.html',
  csv: 'mbx-actions.csv',
};

export interface RenderOptions {
  readonly colour: boolean;
  /** The command the text view is titled with (mbx verify, mbx probe, mbx report merge). */
  readonly command?: string;
}

/**
 * A view as a sequence of chunks, a result or so each: written to a file as they come, a report of
 * 10,000 mailboxes (190,000 results) never exists as one string.
 */
export function chunks(report: Report, format: Format, options: RenderOptions = { colour: false }): Iterable<string> {
  switch (format) {
    case 'text':
      return textChunks(report, options);
    case 'json':
      return jsonChunks(report, report.results);
    case 'junit':
      return junitChunks(report);
    case 'sarif':
      return sarifChunks(report);
    case 'markdown':
      return markdownChunks(report);
    case 'html':
      return htmlChunks(report);
    case 'csv':
      return csvChunks(report);
  }
}

/** A view as one string, for small reports and tests. */
export function render(report: Report, format: Format, options: RenderOptions = { colour: false }): string {
  return [...chunks(report, format, options)].join('');
}
