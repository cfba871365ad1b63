/**
 * mbx's CrossGuard policy pack, bundled by npm run build (scripts/build-policy.mjs) into the folder
 * policy/: `pulumi preview --policy-pack policy --policy-pack-config policy-config.json`, the config
 * naming the spec and the removable mailboxes (docs/pulumi.md). The rules are in policies.ts.
 */
import { PolicyPack } from '@pulumi/policy';
import { POLICIES } from './policies.js';

new PolicyPack('mbx', { policies: [...POLICIES] });
