import { describe, expect, it } from 'vitest';

import { chipsOf, filterOf, formSnippet, inputOf, MINE, NO_FILTERS, scoreBound, withoutChip } from './logic';

const names = { status: (s: string) => `status ${s}`, source: (s: string) => `source ${s}`, owner: (o: string) => (o === MINE ? 'Me' : `user ${o}`) };

describe('leads list filters', () => {
  it('turns the chosen filters into the API filter', () => {
    expect(filterOf(NO_FILTERS)).toEqual({});
    expect(filterOf({ status: 'WORKING', source: 'WEB_FORM', owner: 'VXNlcjo3', campaign: 'Q2FtcGFpZ246MQ==', scoreMin: 10, scoreMax: 50 })).toEqual({
      status: { eq: 'WORKING' },
      source: { eq: 'WEB_FORM' },
      owner: { eq: 'VXNlcjo3' },
      campaign: { eq: 'Q2FtcGFpZ246MQ==' },
      score: { gte: 10, lte: 50 },
    });
    // "Me" is asked as `mine`, whoever is signed in; a zero bound is a bound.
    expect(filterOf({ ...NO_FILTERS, owner: MINE, scoreMin: 0 })).toEqual({ mine: true, score: { gte: 0 } });
  });

  it('shows one removable chip per filter, the score range as one', () => {
    const f = { status: 'NEW', source: null, owner: MINE, campaign: null, scoreMin: null, scoreMax: 40 };
    expect(chipsOf(f, names)).toEqual([
      { id: 'status', field: 'status', value: 'status NEW' },
      { id: 'owner', field: 'owner', value: 'Me' },
      { id: 'score', field: 'score', value: '≤ 40' },
    ]);
    expect(chipsOf({ ...f, scoreMin: 5 }, names)[2].value).toBe('5 – 40');
    expect(withoutChip(f, 'score')).toEqual({ ...f, scoreMax: null });
    expect(withoutChip(f, 'owner')).toEqual({ ...f, owner: null });
  });

  it('reads score bounds as whole numbers only', () => {
    expect(scoreBound(' 12 ')).toBe(12);
    expect(scoreBound('-3')).toBe(-3);
    expect(scoreBound('')).toBeNull();
    expect(scoreBound('1.5')).toBeNull();
  });
});

describe('lead edits and the web form', () => {
  it('turns what an editor holds into the update input', () => {
    expect(inputOf('industry', 'Software')).toEqual({ industry: 'Software' });
    expect(inputOf('owner', '')).toEqual({ ownerId: null });
    expect(inputOf('campaign', '')).toEqual({ campaignId: null });
    expect(inputOf('owner', 'VXNlcjo3')).toEqual({ ownerId: 'VXNlcjo3' });
    expect(inputOf('source', '')).toEqual({ source: null });
    expect(inputOf('status', 'QUALIFIED')).toEqual({ status: 'QUALIFIED' });
  });

  it('gives the workspace form URL and a snippet with the honeypot off-screen', () => {
    const { url, html } = formSnippet('https://acme.example.com/');
    expect(url).toBe('https://acme.example.com/forms/leads/');
    expect(html).toContain(`action="${url}"`);
    expect(html).toMatch(/left:-9999px.*name="website_url" tabindex="-1"/);
  });
});
