import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { hex } from './crypto';
import { constructed, context, derOf, octetString, SEQUENCE, SET, sortDer } from './der';

/** Lengths at each boundary of the length octets (X.690 §8.1.3: short form, then 1, 2, 3 octets). */
const LENGTHS = [0, 1, 127, 128, 255, 256, 65_535, 65_536, 70_000];

describe('der.ts assembly = asn1js encoding', () => {
  it('constructed(SEQUENCE | SET | [n]) over pre-encoded children equals asn1js encoding the children itself', () => {
    for (const n of LENGTHS) {
      const children = () => [new asn1js.OctetString({ valueHex: new Uint8Array(n).fill(0x5a) }), new asn1js.Integer({ value: n })];
      const pieces = children().map(derOf);
      expect(hex(constructed(SEQUENCE, pieces)), `SEQUENCE, ${n}`).toBe(hex(derOf(new asn1js.Sequence({ value: children() }))));
      expect(hex(constructed(SET, pieces)), `SET, ${n}`).toBe(hex(derOf(new asn1js.Set({ value: children() }))));
      for (const tag of [0, 1, 3]) {
        const tagged = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: tag }, value: children() });
        expect(hex(constructed(context(tag), pieces)), `[${tag}], ${n}`).toBe(hex(derOf(tagged)));
      }
    }
  });

  it('octetString equals asn1js OctetString', () => {
    for (const n of LENGTHS) {
      const value = new Uint8Array(n).map((_, i) => i % 251);
      expect(hex(octetString(value)), String(n)).toBe(hex(derOf(new asn1js.OctetString({ valueHex: value }))));
    }
  });

  it('a cached header is not confused between tags, forms or lengths', () => {
    const a = constructed(SEQUENCE, [new Uint8Array([5, 0])]);
    const b = constructed(SET, [new Uint8Array([5, 0])]);
    const c = octetString(new Uint8Array([5, 0]));
    expect([hex(a), hex(b), hex(c)]).toEqual(['30020500', '31020500', '04020500']);
  });

  it('sortDer orders a SET OF as X.690 §11.6 says (octet by octet, the shorter padded with zeros)', () => {
    const x = new Uint8Array([0x30, 0x03, 0x01]);
    const y = new Uint8Array([0x30, 0x02]);
    const z = new Uint8Array([0x30, 0x03, 0x00, 0x01]);
    expect(sortDer([x, y, z]).map(hex)).toEqual([hex(y), hex(z), hex(x)]);
  });
});
