import { describe, expect, it } from 'vitest';
import { passesLuhnCheck, redactPersonalData, redactPersonalText } from './redact-personal-data.js';

const context = { callId: 'c1', signal: undefined };

describe('redactPersonalText', () => {
  it('redacts e-mail addresses', () => {
    expect(redactPersonalText('Write to jane.doe+work@mail.example.co.uk today')).toBe(
      'Write to [email] today',
    );
  });

  it('redacts card numbers that pass the Luhn check, grouped or not', () => {
    expect(redactPersonalText('card 4111 1111 1111 1111 exp')).toBe('card [card] exp');
    expect(redactPersonalText('card 5500-0000-0000-0004.')).toBe('card [card].');
    expect(redactPersonalText('amex 378282246310005')).toBe('amex [card]');
  });

  it('leaves digit runs that fail the Luhn check', () => {
    expect(redactPersonalText('order 4111 1111 1111 1112')).toBe('order 4111 1111 1111 1112');
    expect(redactPersonalText('call 555 0100')).toBe('call 555 0100');
  });

  it('implements the Luhn check', () => {
    expect(passesLuhnCheck('79927398713')).toBe(true);
    expect(passesLuhnCheck('79927398710')).toBe(false);
  });
});

describe('redactPersonalData', () => {
  it('redacts string content and text parts of every message', async () => {
    const result = await redactPersonalData(
      {
        model: 'gpt-4',
        messages: [
          { role: 'system', content: 'admin is root@example.com' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'my card is 4111111111111111' },
              { type: 'image_url', image_url: { url: 'https://example.com/a@b.png' } },
            ],
          },
        ],
      },
      context,
    );
    expect(result?.messages).toEqual([
      { role: 'system', content: 'admin is [email]' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'my card is [card]' },
          { type: 'image_url', image_url: { url: 'https://example.com/a@b.png' } },
        ],
      },
    ]);
  });
});
