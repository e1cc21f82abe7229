import {
  CREATE_KEY_SCRIPT,
  FIND_KEY_SCRIPT,
  RESERVE_SCRIPT,
  REVOKE_KEY_SCRIPT,
  SETTLE_SCRIPT,
  TOUCH_SCRIPT,
  UPDATE_KEY_SCRIPT,
} from './redis-key-scripts.js';

/** The key store's scripts, each defined as a command of the connection: name → [keys, Lua]. */
export const KEY_STORE_SCRIPTS = {
  bulwarkKeyCreate: [3, CREATE_KEY_SCRIPT],
  bulwarkKeyUpdate: [1, UPDATE_KEY_SCRIPT],
  bulwarkKeyRevoke: [8, REVOKE_KEY_SCRIPT],
  bulwarkKeyReserve: [6, RESERVE_SCRIPT],
  bulwarkKeySettle: [6, SETTLE_SCRIPT],
  bulwarkKeyTouch: [1, TOUCH_SCRIPT],
  bulwarkKeyFind: [1, FIND_KEY_SCRIPT],
} as const;
