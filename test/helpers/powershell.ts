/**
 * Run the Exchange Online PowerShell a finding's remediation shows, against the emulator's admin
 * API, so a test proves the fix an admin would paste works: `Cmdlet -Name value -Switch
 * -Flag $false -List a,b -Change @{Add="x"}`, several joined by `;`. Only the forms mbx's
 * remediation texts use are read; anything else is an error, never a silent pass.
 */
import type { TenantAdmin } from './tenant.js';

type Value = string | boolean | string[] | { Add?: string[]; Remove?: string[] };

function value(text: string): Value {
  if (text === '$true') return true;
  if (text === '$false') return false;
  const change = /^@\{(.*)\}$/.exec(text);
  if (change !== null) {
    const result: { Add?: string[]; Remove?: string[] } = {};
    for (const part of (change[1] as string).split(';')) {
      const entry = /^\s*(Add|Remove)\s*=\s*(.+?)\s*$/.exec(part);
      if (entry === null) throw new Error(`cannot read ${text}`);
      result[entry[1] as 'Add' | 'Remove'] = (entry[2] as string).split(',').map((item) => item.trim().replace(/^"|"$/g, ''));
    }
    return result;
  }
  const unquoted = text.replace(/^"|"$/g, '');
  return !text.startsWith('"') && unquoted.includes(',') ? unquoted.split(',') : unquoted;
}

/** The cmdlets and parameters of one remediation line. */
export function parsePowerShell(line: string): { cmdlet: string; parameters: Record<string, Value> }[] {
  return line
    .split(/;\s*/)
    .filter((command) => command.trim() !== '')
    .map((command) => {
      // Words, keeping "quoted strings" and @{...} whole.
      const words = command.trim().match(/@\{[^}]*\}|"[^"]*"|\S+/g) ?? [];
      const [cmdlet, ...rest] = words;
      if (cmdlet === undefined || !/^[A-Z][A-Za-z]+-[A-Za-z]+$/.test(cmdlet)) throw new Error(`not a cmdlet: ${command}`);
      const parameters: Record<string, Value> = {};
      for (let i = 0; i < rest.length; i += 1) {
        const word = rest[i] as string;
        const named = /^-([A-Za-z]+)(?::(.*))?$/.exec(word);
        if (named === null) throw new Error(`unexpected ${word} in ${command}`);
        const [, name, inline] = named as unknown as [string, string, string | undefined];
        const next = rest[i + 1];
        if (inline !== undefined) parameters[name] = value(inline);
        else if (next === undefined || next.startsWith('-')) parameters[name] = true;
        else {
          parameters[name] = value(next);
          i += 1;
        }
      }
      return { cmdlet, parameters };
    });
}

/** Run each cmdlet of the line through the admin API; throws with Exchange's answer if one fails. */
export async function runPowerShell(admin: TenantAdmin, line: string): Promise<void> {
  for (const { cmdlet, parameters } of parsePowerShell(line)) {
    const answer = await admin.exo(cmdlet, parameters);
    if (answer.status >= 300) throw new Error(`${cmdlet}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}
