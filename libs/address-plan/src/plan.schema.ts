import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { USERNAME_PATTERN } from '@lab/protocol';

/** The shape of `plan/lab-plan.yaml`; the cross-references are checked in validate-plan.ts. */

const ipv4 = z
  .string()
  .refine((s) => isIPv4(s), { message: 'must be an IPv4 address such as 198.51.100.10' });
const cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR block such as 198.51.100.0/24');
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
const slot = z.enum(['home', 'work', 'mobile', 'public']);
const exampleEmail = z
  .string()
  .regex(/^[^@\s]+@[^@\s]+\.example$/, 'must be an address at a .example domain (RFC 2606)');
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

export const PrefixSchema = z
  .object({
    cidr,
    kind: z.enum(['residential', 'business', 'cgnat']),
    city: z.string().min(1).optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    accuracyRadiusKm: z.number().positive(),
  })
  .strict();

export const PlanSchema = z
  .object({
    loopbackMirrors: z.array(z.object({ simulated: cidr, loopback: cidr }).strict()).min(1),
    dockerAlternates: z.array(z.object({ simulated: cidr, docker: cidr }).strict()).default([]),
    defaultLocation: z
      .object({
        city: z.string(),
        country: z.string().length(2),
        latitude,
        longitude,
        accuracyRadiusKm: z.number().positive(),
      })
      .strict(),
    isps: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            asn: z.number().int(),
            country: z.string().length(2),
            abuseEmail: exampleEmail,
            prefixes: z.array(PrefixSchema).min(1),
          })
          .strict(),
      )
      .min(1),
    networks: z
      .array(
        z
          .object({
            id,
            kind: slot,
            isp: id,
            public: ipv4,
            lan: cidr,
            // What the ISP has on file for a home line (fictional): see the comment in lab-plan.yaml.
            household: z
              .object({ subscriber: z.string().min(1), street: z.string().min(1), town: z.string().min(1) })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(1),
    personas: z
      .array(
        z
          .object({
            username: z.string().regex(USERNAME_PATTERN, 'is not a valid username'),
            displayName: z.string().min(1),
            email: exampleEmail.optional(),
            discoverableByEmail: z.boolean().default(false),
            networks: z.partialRecord(slot, id),
            lan: z.partialRecord(slot, ipv4),
            contacts: z.array(z.string()),
            routine: z
              .array(
                z
                  .object({
                    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 08:30'),
                    on: z.union([slot, z.literal('offline')]),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type PlanFile = z.infer<typeof PlanSchema>;
export type NetworkSlot = z.infer<typeof slot>;
