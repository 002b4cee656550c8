import { BerWriter } from './ber-writer.ts';
import { Tag } from './ber.ts';
import type { Control, Response, ResponseMessage } from './types.ts';

/** The [APPLICATION n] tag of each response. */
const TAGS: Record<Response['op'], number> = {
  bind: 0x61,
  searchEntry: 0x64,
  searchDone: 0x65,
  modify: 0x67,
  add: 0x69,
  delete: 0x6b,
  modifyDN: 0x6d,
  compare: 0x6f,
  extended: 0x78,
  notice: 0x78,
};

/** One scratch writer for every response: encoding is synchronous, and `finish` hands out a copy. */
const writer = new BerWriter();

/**
 * Encodes a response as one LDAPMessage. LDAPResult's matchedDN and diagnosticMessage are empty when absent; a notice
 * is an extendedResponse with messageID 0 whatever `messageId` says (RFC 4511 §4.4).
 */
export function encodeResponse(m: ResponseMessage): Buffer {
  const w = writer;
  const r = m.response;
  w.reset();
  w.start();
  w.writeInt(r.op === 'notice' ? 0 : m.messageId);
  w.start(TAGS[r.op]);
  if (r.op === 'searchEntry') {
    w.writeString(r.dn);
    w.start();
    for (const attribute of r.attributes) {
      w.start(Tag.sequence, 1);
      w.writeString(attribute.type);
      w.start(Tag.set, 1);
      for (const value of attribute.values) {
        if (typeof value === 'string') w.writeString(value);
        else w.writeOctets(value);
      }
      w.end();
      w.end();
    }
    w.end();
  } else {
    w.writeInt(r.code, Tag.enumerated);
    w.writeString(r.matchedDN ?? '');
    w.writeString(r.diagnostic ?? '');
    if ((r.op === 'extended' || r.op === 'notice') && r.responseName !== undefined) w.writeString(r.responseName, 0x8a);
    if (r.op === 'extended' && r.responseValue !== undefined) w.writeOctets(r.responseValue, 0x8b);
  }
  w.end();
  if (m.controls?.length) {
    w.start(0xa0);
    for (const control of m.controls) writeControl(w, control);
    w.end();
  }
  w.end();
  return w.finish();
}

/** Control ::= SEQUENCE { controlType, criticality only when true (its DEFAULT is FALSE), controlValue when present }. */
function writeControl(w: BerWriter, control: Control): void {
  w.start();
  w.writeString(control.oid);
  if (control.critical) w.writeBool(true);
  if (control.value !== undefined) w.writeOctets(control.value);
  w.end();
}
