import { klaviyoUrl } from './klaviyo-links';

describe('Open in Klaviyo', () => {
  it('uses the pages of Klaviyo’s web app per type', () => {
    expect(klaviyoUrl('flows', 'QRiMLV')).toBe('https://www.klaviyo.com/flow/QRiMLV/edit');
    expect(klaviyoUrl('campaigns', '01M63E6GMAW5FP9AWYANK2BHSW')).toBe(
      'https://www.klaviyo.com/campaign/01M63E6GMAW5FP9AWYANK2BHSW/wizard',
    );
    expect(klaviyoUrl('lists', 'Y3CK5k')).toBe('https://www.klaviyo.com/list/Y3CK5k/members');
    expect(klaviyoUrl('segments', 'Fm4Udd')).toBe('https://www.klaviyo.com/list/Fm4Udd/members');
    expect(klaviyoUrl('forms', '5ypnKL')).toBe('https://www.klaviyo.com/forms/5ypnKL/edit');
    expect(klaviyoUrl('templates', 'Ua8WFX')).toBe('https://www.klaviyo.com/email-editor/Ua8WFX/edit');
  });
  it('has no link for what has no page, nor for an id that is not Klaviyo’s', () => {
    expect(klaviyoUrl('flow-actions', '17770842')).toBeNull();
    expect(klaviyoUrl('flows', '../settings')).toBeNull();
  });
});
