/** base64url without padding (RFC 4648 §5), the spelling of every binary field in rows and evidence. */
export const b64u = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');

export const fromB64u = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, 'base64url'));
