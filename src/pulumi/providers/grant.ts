/**
 * What the providers of a right on a shared mailbox share (Full Access, Send As, Send on Behalf):
 * one trustee per resource, added when the tenant does not show it (so a second run, or a run after
 * a crash, adds nothing), read back from the tenant, and removed on delete (gone already is done).
 * A change of mailbox or trustee replaces the grant.
 */
import type { Operations } from './provider.js';

export interface GrantInputs {
  readonly mailbox: string;
  /** A user's UPN, a group's name or address, or the app's Exchange service principal. */
  readonly trustee: string;
  readonly version: string;
}

export interface Right<I extends GrantInputs> {
  /** The id's middle part, such as `fullaccess`. */
  readonly name: string;
  /** What to say the trustee is granted, in check's failure. */
  readonly description: string;
  /** Inputs besides mailbox and trustee whose change replaces the grant. */
  readonly replaceAlsoOn?: readonly (keyof I & string)[];
  granted(inputs: I, env: NodeJS.ProcessEnv): Promise<boolean>;
  add(inputs: I, env: NodeJS.ProcessEnv): Promise<void>;
  remove(inputs: I, env: NodeJS.ProcessEnv): Promise<void>;
}

export function grantOperations<I extends GrantInputs>(right: Right<I>): Operations<I, I> {
  const ensure = async (inputs: I, env: NodeJS.ProcessEnv): Promise<I> => {
    if (!(await right.granted(inputs, env))) await right.add(inputs, env);
    return inputs;
  };
  return {
    replaceOn: ['mailbox', 'trustee', ...(right.replaceAlsoOn ?? [])],
    check(news) {
      return [
        ...(news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the shared mailbox.' }] : []),
        ...(news.trustee.trim() === '' ? [{ property: 'trustee', reason: `Name the ${right.description}.` }] : []),
      ];
    },
    create: async (inputs, env) => ({ id: `${inputs.mailbox}/${right.name}/${inputs.trustee}`, outs: await ensure(inputs, env) }),
    read: async (_id, outs, env) => ((await right.granted(outs, env)) ? outs : undefined),
    update: (_id, _olds, news, env) => ensure(news, env),
    async delete(_id, outs, env) {
      if (await right.granted(outs, env)) await right.remove(outs, env);
    },
  };
}
