import { describe, expect, it } from 'vitest';
import { internationalPhoneNumber, phoneToSend } from '../../web/src/phone.ts';

describe('phone numbers as people write them, in the form the API takes', () => {
  it.each([
    ['07700 900456', '+447700900456'],
    ['+44 7700 900456', '+447700900456'],
    ['+44 (0)20 7946 0000', '+442079460000'],
    ['020 7946 0000', '+442079460000'],
    ['+1 212 555 0123', '+12125550123'],
    ['00 33 1 23 45 67 89', '+33123456789'],
    ['+447700900123', '+447700900123'],
  ])('%s → %s', (written, international) => {
    expect(internationalPhoneNumber(written)).toBe(international);
  });

  it.each(['12', '07700 9004567890', 'call me', '+44 7700'])('%s is no phone number', (written) => {
    expect(internationalPhoneNumber(written)).toBeUndefined();
  });

  it('sends nothing for an empty field, and what was typed when it is no number (the API then names the field)', () => {
    expect(phoneToSend('  ')).toBeUndefined();
    expect(phoneToSend('call me')).toBe('call me');
  });
});
