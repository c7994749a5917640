import { emptyFormValues, formValuesOf, listingFromForm, problemText, type OfferFormValues } from '../../../bot/offers/offerForm';
import { Translator } from '../../../services/i18n/catalog';
import { makeOffer } from '../../helpers/offers';

const tr = new Translator('en-US');
const form = (over: Partial<OfferFormValues>): OfferFormValues => ({ ...emptyFormValues(), name: 'Fabrikam', offerType: 'saas', solutionType: 'IP', ...over });
const problems = (values: OfferFormValues) => {
  const r = listingFromForm(values);
  return r.ok ? [] : r.problems.map((p) => problemText(p, tr));
};

describe('the offer form, as Adaptive Card inputs send it', () => {
  it('round-trips an offer through the form', () => {
    const offer = makeOffer();
    const r = listingFromForm(formValuesOf(offer));
    expect(r).toEqual({
      ok: true,
      listing: {
        name: offer.name,
        offerType: 'saas',
        published: true,
        businessProfileComplete: true,
        cspOptIn: true,
        transactable: false,
        solutionType: 'IP',
        platforms: ['azure'],
        segments: ['enterprise'],
        solutionAreas: [{ area: 'dataAi', subAreas: ['analytics'] }],
        markets: ['US', 'CA', 'PL'],
        azureIpSharePercent: 80,
      },
    });
  });

  it('accepts a draft with only name, type and solution type', () => {
    expect(listingFromForm(form({}))).toMatchObject({ ok: true, listing: { platforms: [], markets: [], solutionAreas: [] } });
  });

  it('reads lower-case markets with spaces and semicolons, a share with a % sign', () => {
    expect(listingFromForm(form({ markets: ' us; ca ,fr ', azureIpShare: '62,5%' }))).toMatchObject({ ok: true, listing: { markets: ['US', 'CA', 'FR'], azureIpSharePercent: 62.5 } });
  });

  it('says what to fix, field by field', () => {
    expect(problems(form({ name: '', offerType: '', solutionType: 'Robots' }))).toEqual([
      'Offer name: give a name of 1 to 100 characters.',
      'Offer type: pick one of the offer types.',
      'Solution type: pick Device, IP, Services or Managed services.',
    ]);
    expect(problems(form({ markets: 'US, USA, XX' }))).toEqual(['Markets: these are not ISO two-letter country codes: USA, XX. Use codes such as US, CA, FR.']);
    expect(problems(form({ azureIpShare: '120' }))).toEqual(['Share of IP on Azure: give a number from 0 to 100, or leave it empty.']);
    expect(problems(form({ platforms: 'azure,mainframe' }))).toEqual(['Microsoft platforms: pick from the list.']);
  });

  it('checks each solution area slot: area needed, its own sub-areas, at most two, no repeats', () => {
    expect(problems(form({ subAreas1: 'analytics' }))).toEqual(['Solution area 1: pick the area for the chosen sub-areas, or clear them.']);
    expect(problems(form({ area1: 'dataAi', subAreas1: 'analytics,sales' }))).toEqual(['Solution area 1: pick sub-areas of that area only (sales belong elsewhere).']);
    expect(problems(form({ area2: 'dataAi', subAreas2: 'analytics,aiMachineLearning,internetOfThings' }))).toEqual(['Solution area 2: pick at most two sub-areas.']);
    expect(problems(form({ area1: 'dataAi', area3: 'dataAi' }))).toEqual(['Solution area 3: this area is already chosen above; choose each area once.']);
    expect(listingFromForm(form({ area2: 'security', subAreas2: 'identityAccess,cloudSecurity' }))).toMatchObject({
      ok: true,
      listing: { solutionAreas: [{ area: 'security', subAreas: ['identityAccess', 'cloudSecurity'] }] },
    });
  });
});
