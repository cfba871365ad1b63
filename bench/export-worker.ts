/**
 * One measured run of `mbx export` for `npm run bench:export`, in a process of its own so its
 * memory is its own and it trusts the emulator's CA as users do (NODE_EXTRA_CA_CERTS). Prints the
 * run's figures as JSON.
 */
import { exportTenant } from '../src/export/index.js';
import { connectFromEnvironment } from '../src/m365/connect.js';

const clients = connectFromEnvironment(process.env, { exchangeConcurrency: 8 });
const started = performance.now();
const result = await exportTenant(clients);
console.log(
  JSON.stringify({
    exportMs: Math.round(performance.now() - started),
    mailboxes: result.mailboxes,
    bytes: Buffer.byteLength(result.text),
    unreadable: result.unreadable.length,
    requests: clients.stats.snapshot(),
    maxResidentMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
