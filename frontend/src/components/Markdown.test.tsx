import { describe, expect, it } from 'vitest';

import { renderWith } from '../test/render';
import { Markdown, parseBlocks, safeHref } from './Markdown';

describe('Markdown', () => {
  it('reads headings, paragraphs, lists and fenced code', () => {
    expect(parseBlocks('# Reset\n\nOpen the page\nand click.\n\n- one\n- two\n\n1. first\n\n```\nrm -rf\n```')).toEqual([
      { kind: 'heading', level: 1, text: 'Reset' },
      { kind: 'paragraph', text: 'Open the page and click.' },
      { kind: 'list', ordered: false, items: ['one', 'two'] },
      { kind: 'list', ordered: true, items: ['first'] },
      { kind: 'code', text: 'rm -rf' },
    ]);
  });

  it('follows only web, mail and same-site links', () => {
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHref('mailto:help@example.com')).toBe('mailto:help@example.com');
    expect(safeHref('/help/reset')).toBe('/help/reset');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>')).toBeNull();
    expect(safeHref('//evil.example.com')).toBeNull();
  });

  it('renders HTML in the text as text, and unsafe links as plain words', () => {
    const { container } = renderWith(
      <Markdown source={'<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n**Bold** and [bad](javascript:alert(1)) and [good](https://example.com)'} />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.querySelector('strong')?.textContent).toBe('Bold');
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com']);
    expect(links[0].getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.textContent).toContain('bad');
  });

  it('puts headings below the page’s own title', () => {
    const { container } = renderWith(<Markdown source={'# Top\n## Sub'} headingLevel={2} />);
    expect([...container.querySelectorAll('h2, h3')].map((h) => h.tagName)).toEqual(['H2', 'H3']);
    expect(container.querySelector('h1')).toBeNull();
  });
});
