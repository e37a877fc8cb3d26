import { Anchor, Code, List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A small Markdown subset rendered as React elements — never as HTML, so nothing in the text can run:
 * headings (#, ##, ###), paragraphs, bulleted and numbered lists, fenced code, `code`, **bold**,
 * *italic* and [links](https://…). Links go only to http(s), mailto, or paths of this site; anything
 * else (javascript:, data:…) stays plain text. Raw HTML shows as the text it is.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string };

const HEADING = /^(#{1,3})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim().startsWith('```')) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith('```'); i++) code.push(lines[i]);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3, text: heading[2].trim() });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      flush();
      const ordered = Boolean(numbered);
      const last = blocks[blocks.length - 1];
      const item = (bullet ?? numbered)![1];
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item);
      else blocks.push({ kind: 'list', ordered, items: [item] });
      continue;
    }
    if (!line.trim()) flush();
    else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** Whether a link target is safe to follow: web, mail, or a path of this site (not `//other.host`). */
export function safeHref(href: string): string | null {
  const url = href.trim();
  if (/^(https?:\/\/|mailto:)/i.test(url)) return url;
  if (/^\/(?!\/)/.test(url) || url.startsWith('#')) return url;
  return null;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*)|(\[[^\]]+\]\([^)\s]+\))/;

export function renderInline(text: string, key = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push(rest);
      break;
    }
    if (match.index) out.push(rest.slice(0, match.index));
    const token = match[0];
    const k = `${key}-${n++}`;
    if (token.startsWith('`')) out.push(<Code key={k}>{token.slice(1, -1)}</Code>);
    else if (token.startsWith('**')) out.push(<strong key={k}>{renderInline(token.slice(2, -2), k)}</strong>);
    else if (token.startsWith('*')) out.push(<em key={k}>{renderInline(token.slice(1, -1), k)}</em>);
    else {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      const safe = safeHref(href);
      out.push(
        safe ? (
          <Anchor key={k} href={safe} {...(/^https?:/i.test(safe) ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
            {label}
          </Anchor>
        ) : (
          label
        ),
      );
    }
    rest = rest.slice(match.index + token.length);
  }
  return out;
}

/** Markdown text as page content; `headingLevel` is the level a `#` heading gets (the page's own h1 comes first). */
export function Markdown({ source, headingLevel = 2 }: { source: string; headingLevel?: 2 | 3 }) {
  return (
    <div data-testid="markdown">
      {parseBlocks(source).map((block, i) => {
        const key = `b${i}`;
        switch (block.kind) {
          case 'heading':
            return (
              <Title key={key} order={Math.min(6, headingLevel + block.level - 1) as 2 | 3 | 4 | 5 | 6} size={`h${Math.min(6, 2 + block.level)}`} mt="sm" mb={4}>
                {renderInline(block.text, key)}
              </Title>
            );
          case 'list':
            return (
              <List key={key} type={block.ordered ? 'ordered' : 'unordered'} size="sm" mb="xs">
                {block.items.map((item, j) => (
                  <List.Item key={j}>{renderInline(item, `${key}-${j}`)}</List.Item>
                ))}
              </List>
            );
          case 'code':
            return (
              <Code key={key} block mb="xs">
                {block.text}
              </Code>
            );
          default:
            return (
              <Text key={key} size="sm" mb="xs" style={{ overflowWrap: 'anywhere' }}>
                {renderInline(block.text, key)}
              </Text>
            );
        }
      })}
    </div>
  );
}
