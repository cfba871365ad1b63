/**
 * mbx's CrossGuard policy pack: `pulumi preview --policy-pack dist/src/pulumi/policy` (built by npm
 * ci), with `--policy-pack-config` naming the spec for the least-privilege and auto-mapping rules
 * (docs/pulumi.md). The rules themselves are in policies.ts.
 */
import { PolicyPack } from '@pulumi/policy';
import { POLICIES } from './policies.js';

new PolicyPack('mbx', { policies: [...POLICIES] });
