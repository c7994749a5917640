import { createHash } from 'node:crypto';

/** Fixed namespace for the Teams app id, so the same bot always gets the same app (an update, not a new app). */
const TEAMS_APP_NAMESPACE = '6f1d3b7e-2c4a-5e8f-9b0d-1a2c3e4f5a6b';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** A name-based UUID (RFC 9562 version 5, SHA-1) of the bot id: deterministic, and distinct from it. */
export function deriveTeamsAppId(botId: string): string {
  const hash = createHash('sha1').update(uuidBytes(TEAMS_APP_NAMESPACE)).update(botId.toLowerCase()).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
