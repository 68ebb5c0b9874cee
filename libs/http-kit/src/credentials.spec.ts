import { SecretMatcher, credentialFor } from './credentials';

describe('credentials', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bEaReR abc', 'abc'],
    ['  Bearer   abc  ', 'abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic abc', undefined],
    ['', undefined],
  ])('reads %p as %p', (header, credential) => {
    expect(credentialFor(header, 'Bearer')).toBe(credential);
  });

  it('matches only the secret', () => {
    const matcher = new SecretMatcher('s3cret-s3cret-s3cret');
    expect(matcher.matches('s3cret-s3cret-s3cret')).toBe(true);
    expect(matcher.matches('s3cret')).toBe(false);
    expect(matcher.matches(undefined)).toBe(false);
  });
});
