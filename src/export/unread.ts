/**
 * Unknown is not changed (issue 29): a snapshot that could not read a source (its `unreadable`
 * lines name the source as export reads it) holds stand-ins or nothing there, so a diff must not
 * compare that part. Each source of export maps to the parts of a snapshot it fills.
 */
export type Section =
  'mailboxes' | 'full-access' | 'send-as' | 'protocols' | 'users' | 'licences' | 'groups' | 'group-members' | 'organization' | 'automatic-replies' | 'app';

/** export's source names (src/export/index.ts `read`) and the sections they fill. */
const SOURCES: readonly [RegExp, readonly Section[]][] = [
  [/^shared mailboxes \(/, ['mailboxes']],
  [/^Full Access \(/, ['full-access']],
  [/^Send As \(/, ['send-as']],
  [/^protocols \(/, ['protocols']],
  // Without the users, a trustee's licence is a stand-in, and mailboxes lose their sign-in and licence.
  [/^users \(/, ['users', 'licences']],
  [/^licences \(/, ['licences']],
  [/^groups \(/, ['groups', 'group-members']],
  [/^group members \(/, ['group-members']],
  [/^the organization \(|^SMTP AUTH for the organization \(/, ['organization']],
  [/^automatic replies \(/, ['automatic-replies']],
  [/^apps \(/, ['app']],
];

/** What each section holds, for the sentence that says it was not compared. */
export const SECTION_WORDS: Readonly<Record<Section, string>> = {
  mailboxes: 'the shared mailboxes themselves',
  'full-access': 'Full Access grants',
  'send-as': 'Send As grants',
  protocols: "the mailboxes' protocols",
  users: 'the users holding rights',
  licences: 'licences (and usage locations)',
  groups: 'the groups holding rights',
  'group-members': "the groups' members",
  organization: 'the organization settings',
  'automatic-replies': 'automatic replies',
  app: 'the app',
};

/** The sections a snapshot's `unreadable` lines leave unknown. */
export function unreadSections(unreadable: readonly string[]): Set<Section> {
  const sections = new Set<Section>();
  for (const line of unreadable) for (const [pattern, filled] of SOURCES) if (pattern.test(line)) for (const section of filled) sections.add(section);
  return sections;
}

/** The mailbox keys each section fills: a key of an unknown section is not compared. */
export const MAILBOX_KEYS: Readonly<Partial<Record<Section, readonly string[]>>> = {
  users: ['signInBlocked', 'licence', 'usageLocation'],
  licences: ['licence', 'usageLocation'],
  protocols: ['protocols'],
  'automatic-replies': ['automaticReplies'],
};

/** The user keys each section fills. */
export const USER_KEYS: Readonly<Partial<Record<Section, readonly string[]>>> = {
  licences: ['licence', 'usageLocation'],
};
