import { offer } from '@ledger/domain/testing/builders';
import { projection, recorded } from '../testing/projection-specification';
import { offersProjection } from './offers.projection';

const [published] = recorded('catalog', [{ type: 'OfferPublished', data: { offer: offer({ id: 'm365-bp' }), catalogVersion: '1' } }]);

describe('offers projection', () => {
  it('R5/R6: a published offer is listed with its filter columns', () => {
    projection(offersProjection)
      .given()
      .when(published)
      .thenDocument('m365-bp', { catalogVersion: '1', publisher: 'microsoft' })
      .thenColumns('m365-bp', { publisher: 'microsoft', billingType: 'license', category: 'small-business' });
  });

  it('leaves the offer unchanged when OfferPublished is delivered twice', () => projection(offersProjection).given(published).when(published).thenUnchanged());
});
