import { ConfigError, formatDuration, parseDuration } from './config';

describe('parseDuration', () => {
  const bounds = { minMs: 1000, maxMs: 30 * 86_400_000 };

  it.each([
    ['86400', 86_400_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    [' 7D ', 7 * 86_400_000],
    ['1.5h', 5_400_000],
    ['2500ms', 2_500],
  ])('reads %p', (text, ms) => {
    expect(parseDuration(text, 1, 'X_TTL', bounds)).toBe(ms);
  });

  it('falls back when unset or empty', () => {
    expect(parseDuration(undefined, 42_000, 'X_TTL', bounds)).toBe(42_000);
    expect(parseDuration('', 42_000, 'X_TTL', bounds)).toBe(42_000);
  });

  it.each([
    ['a day', /^X_TTL: "a day" is not a duration/],
    ['-5s', /^X_TTL: "-5s" is not a duration/],
    ['24 hours', /is not a duration/],
    ['500ms', /^X_TTL: "500ms" is out of range: between 1s and 30d/],
    ['31d', /out of range/],
  ])('refuses %p, naming the variable', (text, message) => {
    expect(() => parseDuration(text, 1, 'X_TTL', bounds)).toThrow(ConfigError);
    expect(() => parseDuration(text, 1, 'X_TTL', bounds)).toThrow(message);
  });

  it('formats a duration in its largest whole unit', () => {
    expect([86_400_000, 90_000, 3_600_000, 1500].map(formatDuration)).toEqual(['1d', '90s', '1h', '1500ms']);
  });
});
