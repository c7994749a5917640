/** A Referrals API referral as a sender (Partner Center, Microsoft) would post it to the webhook. */
export function inboundReferral(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenantId: 'tenant-a',
    id: 'pc-ref-0001',
    name: 'Contoso: move the lab data warehouse to Azure',
    type: 'Shared',
    qualification: 'SalesQualified',
    customerProfile: {
      name: 'Contoso Pharmaceuticals Ltd',
      address: { city: 'Seattle', state: 'WA', country: 'US' },
      team: [{ firstName: 'Dana', lastName: 'Reyes', email: 'dana.reyes@contoso.example', phoneNumber: '+1 206 555 0100' }],
    },
    consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
    details: {
      notes: 'Wants a partner with migration experience.',
      dealValue: 250000,
      currency: 'USD',
      closingDateTime: '2027-03-31T00:00:00Z',
      requirements: { solutions: [{ id: 'sol-1', name: 'Fabrikam Analytics for Azure', publisherName: 'Fabrikam' }] },
    },
    inviteContext: { notes: 'Call the CIO first.', invitedBy: { organizationName: 'Microsoft', name: 'Sam Seller', email: 'sam@microsoft.example' } },
    ...overrides,
  };
}
