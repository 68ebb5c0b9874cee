import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { removeAddressFieldsFromSchema } from './m1-data-minimisation';
import { bobAtHome } from './test-records';

describe('M1 data minimisation', () => {
  const m1 = composePolicy(['M1']);

  it('drops every address field from profiles, keeping presence itself', () => {
    expect(vulnerablePolicy.profileFor(bobAtHome, 'stranger')).toMatchObject({
      lastSeenAddress: '127.51.100.23',
    });
    expect(m1.profileFor(bobAtHome, 'stranger')).toEqual({
      username: 'bob',
      displayName: 'Bob',
      online: true,
      lastSeenAt: bobAtHome.lastSeenAt,
    });
  });

  it('drops every address field from presence frames', () => {
    expect(JSON.stringify(m1.presenceEvent(bobAtHome))).not.toMatch(
      /127\.51\.100\.23|192\.168\.77\.20|50123/,
    );
    expect(m1.presenceEvent(bobAtHome)).toEqual({ username: 'bob', online: true, at: bobAtHome.lastSeenAt });
  });

  it('hides addresses even from contacts and from the user themself: nobody needs them from a lookup', () => {
    expect(m1.profileFor(bobAtHome, 'contact')).not.toHaveProperty('lastSeenAddress');
    expect(m1.profileFor(bobAtHome, 'self')).not.toHaveProperty('localAddresses');
  });

  it('removes the address fields from the published OpenAPI schema', () => {
    const document = removeAddressFieldsFromSchema({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          ProfileDto: {
            type: 'object',
            properties: {
              username: { type: 'string' },
              lastSeenAddress: { type: 'string' },
              localAddresses: { type: 'array' },
            },
            required: ['username', 'lastSeenAddress'],
          },
        },
      },
    });
    expect(document.components!.schemas!.ProfileDto).toEqual({
      type: 'object',
      properties: { username: { type: 'string' } },
      required: ['username'],
    });
  });

  it('leaves schemas without properties, or without required fields, and documents without schemas, as they are', () => {
    const withoutComponents = { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {} };
    expect(removeAddressFieldsFromSchema(structuredClone(withoutComponents))).toEqual(withoutComponents);
    const document = removeAddressFieldsFromSchema({
      ...withoutComponents,
      components: {
        schemas: {
          Ref: { $ref: '#/components/schemas/ProfileDto' },
          Empty: { type: 'object' },
          PresenceDto: {
            type: 'object',
            properties: {
              username: { type: 'string' },
              publicAddress: { type: 'string' },
              port: { type: 'number' },
            },
          },
        },
      },
    });
    expect(document.components!.schemas).toEqual({
      Ref: { $ref: '#/components/schemas/ProfileDto' },
      Empty: { type: 'object' },
      PresenceDto: { type: 'object', properties: { username: { type: 'string' } } },
    });
  });
});
