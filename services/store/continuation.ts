/** Keyset continuation tokens: the ordering value and id of the last item of a page. */
export interface KeysetPosition {
  v: string | number | boolean | null;
  id: string;
}

export function encodeContinuation(pos: KeysetPosition): string {
  return Buffer.from(JSON.stringify(pos), 'utf8').toString('base64url');
}

export function decodeContinuation(token: string): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new Error('Invalid continuation token');
  }
  const p = parsed as Partial<KeysetPosition> | null;
  if (!p || typeof p.id !== 'string' || !('v' in p)) throw new Error('Invalid continuation token');
  const v = p.v;
  if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw new Error('Invalid continuation token');
  return { v: v ?? null, id: p.id };
}
