/** The checks `mbx verify` runs, in report order, the probes last. Each id is in catalogue.ts and has its doc beside it. */
import type { Check } from '../src/verify/model.js';
import { check as addressList1 } from './address-lists/MBX.ADDRESSLIST.1.js';
import { check as settings1 } from './mailbox-settings/MBX.SETTINGS.1.js';
import { check as aliases1 } from './aliases/MBX.ALIASES.1.js';
import { check as archive1 } from './archive/MBX.ARCHIVE.1.js';
import { check as access1 } from './access/MBX.ACCESS.1.js';
import { check as access2 } from './access/MBX.ACCESS.2.js';
import { check as access3 } from './access/MBX.ACCESS.3.js';
import { check as appPerm1 } from './app-permissions/MBX.APPPERM.1.js';
import { check as app1 } from './app-registration/MBX.APP.1.js';
import { check as app2 } from './app-registration/MBX.APP.2.js';
import { check as app3 } from './app-registration/MBX.APP.3.js';
import { check as appScope1 } from './app-scope/MBX.APPSCOPE.1.js';
import { check as appScope2 } from './app-scope/MBX.APPSCOPE.2.js';
import { check as appScope3 } from './app-scope/MBX.APPSCOPE.3.js';
import { check as autoMap1 } from './auto-mapping/MBX.AUTOMAP.1.js';
import { check as autoReply1 } from './auto-reply/MBX.AUTOREPLY.1.js';
import { check as delegate1 } from './delegates/MBX.DELEGATE.1.js';
import { check as delegate2 } from './delegates/MBX.DELEGATE.2.js';
import { check as exist1 } from './existence/MBX.EXIST.1.js';
import { check as graph1 } from './graph/MBX.GRAPH.1.js';
import { check as imap1 } from './imap/MBX.IMAP.1.js';
import { check as pop1 } from './pop/MBX.POP.1.js';
import { check as roundTrip1 } from './round-trip/MBX.ROUNDTRIP.1.js';
import { check as smtp1 } from './smtp/MBX.SMTP.1.js';
import { check as forwarding1 } from './forwarding/MBX.FORWARDING.1.js';
import { check as fullAccess1 } from './full-access/MBX.FULLACCESS.1.js';
import { check as group1 } from './groups/MBX.GROUP.1.js';
import { check as group2 } from './groups/MBX.GROUP.2.js';
import { check as licence1 } from './licence/MBX.LICENCE.1.js';
import { check as licence2 } from './licence/MBX.LICENCE.2.js';
import { check as protocols1 } from './protocols/MBX.PROTOCOLS.1.js';
import { check as protocols2 } from './protocols/MBX.PROTOCOLS.2.js';
import { check as sendAs1 } from './send-as/MBX.SENDAS.1.js';
import { check as sendFromAlias1 } from './send-from-alias/MBX.SENDFROMALIAS.1.js';
import { check as sendOnBehalf1 } from './send-on-behalf/MBX.SENDONBEHALF.1.js';
import { check as sentItems1 } from './sent-items-copy/MBX.SENTITEMS.1.js';
import { check as signIn1 } from './sign-in/MBX.SIGNIN.1.js';
import { check as size1 } from './size/MBX.SIZE.1.js';

export const CHECKS: readonly Check[] = [
  exist1,
  signIn1,
  licence1,
  licence2,
  delegate1,
  delegate2,
  archive1,
  size1,
  fullAccess1,
  group1,
  group2,
  autoMap1,
  sendAs1,
  sendOnBehalf1,
  sentItems1,
  aliases1,
  addressList1,
  settings1,
  sendFromAlias1,
  protocols1,
  protocols2,
  forwarding1,
  autoReply1,
  app1,
  app2,
  app3,
  access1,
  access2,
  access3,
  appPerm1,
  appScope1,
  appScope2,
  appScope3,
  imap1,
  pop1,
  smtp1,
  roundTrip1,
  graph1,
];
