/** The registry of client profiles: the one place that maps a profile id to its data. */
import { bpEvent } from './bp-event.js';
import { genericGraph, genericImap, genericSmtp } from './generic.js';
import { genesysEsj } from './genesys-esj.js';
import { onOffice } from './onoffice.js';
import { outlook } from './outlook.js';
import type { AccessMode, ClientProfile, Direction, Identity, InboundWay, OutboundWay, ProfileId } from './types.js';

export * from './types.js';

export const PROFILES: Readonly<Record<ProfileId, ClientProfile>> = {
  'bp-event': bpEvent,
  onoffice: onOffice,
  'genesys-esj': genesysEsj,
  outlook,
  'generic-imap': genericImap,
  'generic-graph': genericGraph,
  'generic-smtp': genericSmtp,
};

export const PROFILE_IDS = Object.keys(PROFILES) as ProfileId[];

export function getProfile(id: ProfileId): ClientProfile {
  return PROFILES[id];
}

/** The ways a profile offers in one direction, in declaration order. */
export function waysOf(profile: ClientProfile, direction: Direction): Array<InboundWay | OutboundWay> {
  return [...new Set(profile.modes.filter((m) => m.direction === direction).map((m) => m.way))];
}

/** The identities a profile offers for one way. */
export function identitiesFor(profile: ClientProfile, direction: Direction, way: string): Identity[] {
  return profile.modes.filter((m) => m.direction === direction && m.way === way).map((m) => m.identity);
}

/**
 * The mode a client uses for one direction. With no identity given, a way offered for a single
 * identity uses it, otherwise the profile's default identity.
 */
export function findMode(profile: ClientProfile, direction: Direction, way: string, identity: Identity | undefined): AccessMode | undefined {
  const candidates = profile.modes.filter((m) => m.direction === direction && m.way === way);
  if (identity) return candidates.find((m) => m.identity === identity);
  if (candidates.length === 1) return candidates[0];
  return candidates.find((m) => m.identity === profile.defaults.identity);
}
