import { randomUUID } from 'node:crypto';
import type { Opportunity } from '../../services/opportunities/opportunity';

/** A realistic inbound referral, with any field overridden. Dates are fixed, never "now". */
export function makeOpportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: randomUUID(),
    tenantId: 'tenant-a',
    name: 'Contoso data platform modernisation',
    direction: 'Incoming',
    type: 'Shared',
    qualification: 'SalesQualified',
    status: 'New',
    substatus: 'Received',
    customerProfile: {
      name: 'Contoso Pharmaceuticals Ltd',
      address: { addressLine1: '1 Harbour Way', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'US' },
      team: [{ firstName: 'Dana', lastName: 'Reyes', email: 'dana.reyes@contoso.example', phoneNumber: '+1 206 555 0100' }],
      ids: [{ profileType: 'Duns', id: '123456789' }],
    },
    consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
    details: {
      notes: 'Customer wants to move its lab data warehouse to Azure.',
      dealValue: 250000,
      currency: 'USD',
      closingDateTime: '2027-03-31T00:00:00.000Z',
      requirements: {
        solutions: [{ id: 'sol-1', name: 'Fabrikam Analytics for Azure', publisherName: 'Fabrikam' }],
        industries: [],
        products: [],
        services: [],
      },
    },
    team: [],
    favorite: false,
    createdDateTime: '2026-11-01T09:00:00.000Z',
    updatedDateTime: '2026-11-01T09:00:00.000Z',
    expirationDateTime: '2026-11-15T09:00:00.000Z',
    dueDateTime: '2026-11-15T09:00:00.000Z',
    history: [],
    outbox: [],
    ...overrides,
  };
}
